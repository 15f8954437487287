package dev.edgevm.core.cloudinit;

import dev.edgevm.core.EdgeVmStyle;
import dev.edgevm.core.SpecBuilder;
import dev.edgevm.core.Violations;
import dev.edgevm.core.internal.BuilderErrors;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/** A user cloud-init creates in the guest: SSH keys, sudo rule, and a hashed password or a locked one. */
@Value.Immutable
@EdgeVmStyle
public abstract class GuestUser {

    private static final Pattern USER_NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final Pattern CRYPT_HASH = Pattern.compile("\\$(1|2[abxy]?|5|6|y|gy|7)\\$[^\\s:]+");

    public abstract String name();

    @Value.Redacted
    public abstract List<SshPublicKey> sshAuthorizedKeys();

    /** A sudoers rule, e.g. {@code ALL=(ALL) NOPASSWD:ALL}. */
    public abstract Optional<String> sudo();

    /** A crypt(3) hash (e.g. from {@code openssl passwd -6}); never a clear-text password. */
    @Value.Redacted
    public abstract Optional<String> hashedPassword();

    /** Whether password login is disabled; by default it is, unless a hashed password is given. */
    @Value.Default
    public boolean lockPassword() {
        return hashedPassword().isEmpty();
    }

    public abstract List<String> groups();

    public abstract Optional<String> shell();

    public static Builder named(String name) {
        return builder().name(name);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return builder().from(this);
    }

    @Value.Check
    final void check() {
        Violations v = Violations.collect();
        if (name() == null) {
            v.add("name", Violations.MISSING);
        } else if (!USER_NAME.matcher(name()).matches()) {
            v.add("name", "'" + name() + "' is not a Linux user name (lower-case letters, digits, '_' or '-', at most 32)");
        }
        for (int i = 0; i < sshAuthorizedKeys().size(); i++) {
            v.require(sshAuthorizedKeys().get(i) != null, "sshAuthorizedKeys[" + i + "]", "must not be null");
        }
        sudo().ifPresent(rule -> v.require(!rule.isBlank() && rule.indexOf('\n') < 0, "sudo",
                "must be one non-empty sudoers rule such as 'ALL=(ALL) NOPASSWD:ALL'"));
        hashedPassword().ifPresent(hash -> v.require(CRYPT_HASH.matcher(hash).matches(), "hashedPassword",
                "is not a crypt(3) hash; make one with 'openssl passwd -6' (clear-text passwords go in chpasswd)"));
        for (int i = 0; i < groups().size(); i++) {
            String g = groups().get(i);
            v.require(g != null && USER_NAME.matcher(g).matches(), "groups[" + i + "]", "'" + g + "' is not a group name");
        }
        shell().ifPresent(s -> v.require(s.startsWith("/") && !s.contains(" "), "shell", "must be an absolute path such as /bin/bash"));
        v.throwIfAny("GuestUser " + name());
    }

    public static final class Builder extends ImmutableGuestUser.Builder implements SpecBuilder<GuestUser> {
        private final BuilderErrors errors = new BuilderErrors();
        private int keyCount;

        /** Adds a public key line, e.g. the content of {@code ~/.ssh/id_ed25519.pub}. */
        public Builder sshAuthorizedKey(String publicKeyLine) {
            errors.parse("sshAuthorizedKeys[" + keyCount++ + "]", publicKeyLine, SshPublicKey::tryParse,
                    SshPublicKey::problem, (SshPublicKey k) -> sshAuthorizedKey(k));
            return this;
        }

        @Override
        public GuestUser build() {
            return errors.build(super::build, built -> "GuestUser");
        }
    }
}
