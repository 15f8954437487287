package dev.edgevm.storage.snapshot;

import dev.edgevm.core.EdgeVmStyle;
import dev.edgevm.core.SpecBuilder;
import java.nio.file.Path;
import org.immutables.value.Value;

/** A snapshot disk downloaded to a local file, checked against the checksum recorded when it was taken. */
@Value.Immutable
@EdgeVmStyle
public abstract class SnapshotDownload {

    public abstract Path file();

    public abstract String disk();

    /** The file's format as probed after the download: {@code qcow2}, or {@code raw} for CSI snapshots. */
    public abstract String format();

    public abstract long bytes();

    /** SHA-256 of the file, lower-case hex. */
    public abstract String sha256();

    /** Whether a checksum recorded in the cluster was compared (and matched: a mismatch is an exception). */
    public abstract boolean checksumVerified();

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ImmutableSnapshotDownload.Builder implements SpecBuilder<SnapshotDownload> {}
}
