package dev.edgevm.core.cloudinit;

import dev.edgevm.core.EdgeVmStyle;
import dev.edgevm.core.SpecBuilder;
import dev.edgevm.core.Violations;
import dev.edgevm.core.internal.BuilderErrors;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.immutables.value.Value;

/**
 * What cloud-init does in the guest at first boot: either raw user data as given, or a structured
 * form (users with SSH keys and sudo, packages, files, commands, passwords) rendered to
 * {@code #cloud-config}. Everything that may hold a credential is redacted from {@link #toString()}.
 */
@Value.Immutable
@EdgeVmStyle
public abstract class CloudInit {

    /** Raw user data, used as is (a {@code #cloud-config} document, a script, a MIME multipart). */
    @Value.Redacted
    public abstract Optional<String> userData();

    public abstract List<GuestUser> users();

    /** Packages to install, e.g. {@code git}, {@code net-tools}. */
    public abstract List<String> packages();

    @Value.Default
    public boolean packageUpgrade() {
        return false;
    }

    public abstract List<WriteFile> writeFiles();

    /** Commands run once at the end of first boot, each through the guest's shell; they may carry secrets, so they are redacted. */
    @Value.Redacted
    public abstract List<String> runcmd();

    /** Clear-text passwords set with {@code chpasswd}, user name to password. */
    @Value.Redacted
    public abstract Map<String, String> chpasswd();

    /** Whether users set through {@link #chpasswd()} must change their password at first login. */
    @Value.Default
    public boolean expirePasswords() {
        return true;
    }

    public static CloudInit ofUserData(String userData) {
        return builder().userData(userData).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return builder().from(this);
    }

    /**
     * Whether the user data may hold a secret, so it must travel in a Secret: keys, passwords,
     * file contents, commands (a command line can carry a token) or raw user data.
     */
    public boolean hasCredentials() {
        return userData().isPresent() || !chpasswd().isEmpty() || !writeFiles().isEmpty() || !runcmd().isEmpty()
                || users().stream().anyMatch(u -> !u.sshAuthorizedKeys().isEmpty() || u.hashedPassword().isPresent());
    }

    /** The user data document the guest receives: the raw data, or the rendered {@code #cloud-config}. */
    public String renderUserData() {
        return userData().orElseGet(() -> CloudConfigWriter.render(this));
    }

    @Value.Check
    final void check() {
        Violations v = Violations.collect();
        boolean structured = !users().isEmpty() || !packages().isEmpty() || packageUpgrade() || !writeFiles().isEmpty()
                || !runcmd().isEmpty() || !chpasswd().isEmpty();
        userData().ifPresent(raw -> {
            v.require(!raw.isBlank(), "userData", "must not be empty");
            v.require(!structured, "userData", "raw user data cannot be combined with users, packages, writeFiles,"
                    + " runcmd or chpasswd; put everything in one of the two forms");
        });
        checkList(v, "users", users());
        long distinctUsers = users().stream().filter(u -> u != null).map(GuestUser::name).distinct().count();
        v.require(distinctUsers == users().stream().filter(u -> u != null).count(), "users", "a user is listed twice");
        for (int i = 0; i < packages().size(); i++) {
            String p = packages().get(i);
            v.require(p != null && p.matches("[A-Za-z0-9][A-Za-z0-9+._:=~*-]*"), "packages[" + i + "]",
                    "'" + p + "' is not a package name");
        }
        checkList(v, "writeFiles", writeFiles());
        for (int i = 0; i < runcmd().size(); i++) {
            v.require(runcmd().get(i) != null && !runcmd().get(i).isBlank(), "runcmd[" + i + "]", "must not be empty");
        }
        chpasswd().forEach((user, password) -> {
            v.require(user.matches("[a-z_][a-z0-9_-]{0,31}"), "chpasswd", "'" + user + "' is not a Linux user name");
            v.require(password != null && !password.isEmpty() && password.indexOf('\n') < 0 && password.indexOf(':') < 0,
                    "chpasswd[" + user + "]", "the password must be non-empty, on one line, without ':'");
        });
        v.throwIfAny("CloudInit");
    }

    private static void checkList(Violations v, String path, List<?> items) {
        for (int i = 0; i < items.size(); i++) {
            v.require(items.get(i) != null, path + "[" + i + "]", "must not be null");
        }
    }

    public static final class Builder extends ImmutableCloudInit.Builder implements SpecBuilder<CloudInit> {
        private final BuilderErrors errors = new BuilderErrors();
        private int userCount;

        /** Adds a user built in place, e.g. {@code user(u -> u.name("root").sshAuthorizedKey(key))}. */
        public Builder user(Consumer<GuestUser.Builder> user) {
            GuestUser.Builder b = GuestUser.builder();
            user.accept(b);
            return user(b);
        }

        /** Adds a user from an unbuilt builder, reporting its problems with this spec's. */
        public Builder user(GuestUser.Builder user) {
            errors.nested("users[" + userCount++ + "]", user::build, (GuestUser u) -> user(u));
            return this;
        }

        @Override
        public CloudInit build() {
            return errors.build(super::build, built -> "CloudInit");
        }
    }
}
