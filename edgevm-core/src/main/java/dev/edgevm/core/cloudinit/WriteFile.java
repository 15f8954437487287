package dev.edgevm.core.cloudinit;

import dev.edgevm.core.EdgeVmStyle;
import dev.edgevm.core.SpecBuilder;
import dev.edgevm.core.Violations;
import java.util.Optional;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/** A file cloud-init writes in the guest ({@code write_files}). The content is treated as a secret. */
@Value.Immutable
@EdgeVmStyle
public abstract class WriteFile {

    private static final Pattern PERMISSIONS = Pattern.compile("0?[0-7]{3,4}");
    private static final Pattern OWNER = Pattern.compile("[a-z_][a-z0-9_-]*(:[a-z_][a-z0-9_-]*)?");

    /** Absolute path in the guest. */
    public abstract String path();

    @Value.Redacted
    public abstract String content();

    /** Octal mode, e.g. {@code 0644}. */
    public abstract Optional<String> permissions();

    /** {@code user} or {@code user:group}. */
    public abstract Optional<String> owner();

    @Value.Default
    public boolean append() {
        return false;
    }

    public static WriteFile of(String path, String content) {
        return builder().path(path).content(content).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Value.Check
    final void check() {
        Violations v = Violations.collect();
        if (path() == null) {
            v.add("path", Violations.MISSING);
        } else {
            v.require(path().startsWith("/") && path().indexOf('\0') < 0 && path().indexOf('\n') < 0, "path",
                    "'" + path() + "' must be an absolute path in the guest");
        }
        v.require(content() != null, "content", Violations.MISSING + " (may be empty)");
        permissions().ifPresent(p -> v.require(PERMISSIONS.matcher(p).matches(), "permissions",
                "'" + p + "' is not an octal mode such as 0644"));
        owner().ifPresent(o -> v.require(OWNER.matcher(o).matches(), "owner", "'" + o + "' must be 'user' or 'user:group'"));
        v.throwIfAny("WriteFile " + path());
    }

    public static final class Builder extends ImmutableWriteFile.Builder implements SpecBuilder<WriteFile> {}
}
