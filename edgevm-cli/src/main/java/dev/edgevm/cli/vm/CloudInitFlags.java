package dev.edgevm.cli.vm;

import dev.edgevm.core.Violation;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.cloudinit.CloudInit;
import dev.edgevm.core.cloudinit.GuestUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The cloud-init flags: raw user data from a file, or a guest user with the SSH keys of a file, a
 * sudo rule and packages. A file that cannot be used is a violation like any other bad flag; the
 * content of a key file never appears in a message.
 */
final class CloudInitFlags {

    private final VmSpecOptions options;

    private CloudInitFlags(VmSpecOptions options) {
        this.options = options;
    }

    static CloudInitFlags of(VmSpecOptions options) {
        return new CloudInitFlags(options);
    }

    void apply(VmSpec.Builder spec, List<Violation> flags) {
        boolean any = options.userDataFile() != null || options.sshKeyFile() != null || options.user() != null
                || options.sudo() != null || !options.packages().isEmpty();
        if (!any) {
            return;
        }
        CloudInit.Builder cloudInit = CloudInit.builder();
        if (options.userDataFile() != null) {
            read("--user-data-file", options.userDataFile(), flags).ifPresent(cloudInit::userData);
        }
        List<String> keys = options.sshKeyFile() == null ? List.of() : keys(flags);
        if (options.user() == null) {
            if (options.sshKeyFile() != null || options.sudo() != null) {
                flags.add(Violation.of("--user", "is required with " + (options.sshKeyFile() != null ? "--ssh-key-file" : "--sudo")
                        + ": the guest user to create, e.g. root"));
            }
        } else {
            GuestUser.Builder user = GuestUser.named(options.user());
            if (options.sudo() != null) {
                user.sudo(options.sudo());
            }
            keys.forEach(user::sshAuthorizedKey);
            cloudInit.user(user);
        }
        cloudInit.packages(options.packages());
        spec.cloudInit(cloudInit);
    }

    /** The public key lines of the key file (an authorized_keys file may hold several). */
    private List<String> keys(List<Violation> flags) {
        Optional<String> text = read("--ssh-key-file", options.sshKeyFile(), flags);
        if (text.isEmpty()) {
            return List.of();
        }
        if (text.get().contains("PRIVATE KEY")) {
            flags.add(Violation.of("--ssh-key-file", "'" + options.sshKeyFile() + "' is a private key; give the public key (the .pub file)"));
            return List.of();
        }
        List<String> keys = text.get().lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .collect(Collectors.toList());
        if (keys.isEmpty()) {
            flags.add(Violation.of("--ssh-key-file", "'" + options.sshKeyFile() + "' holds no public key"));
        }
        return keys;
    }

    private static Optional<String> read(String flag, Path file, List<Violation> flags) {
        if (!Files.exists(file)) {
            flags.add(Violation.of(flag, "'" + file + "' does not exist"));
        } else if (!Files.isRegularFile(file)) {
            flags.add(Violation.of(flag, "'" + file + "' is not a regular file"));
        } else {
            try {
                return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                flags.add(Violation.of(flag, "'" + file + "' cannot be read: " + e.getMessage()));
            }
        }
        return Optional.empty();
    }
}
