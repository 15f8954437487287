package dev.edgevm.storage.upload;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A finished upload into a DataVolume: where it went, what was sent, and whether it was sent now
 * or found already done (a DataVolume of the same owner that had Succeeded).
 */
public final class DataVolumeUpload {

    private final String namespace;
    private final String dataVolume;
    private final String node;
    private final List<String> volumes;
    private final String format;
    private final long bytesSent;
    private final int attempts;
    private final Duration elapsed;
    private final boolean alreadyDone;

    /**
     * @param node the node of its local volume, or null for storage with a provisioner
     * @param volumes the PersistentVolumes allocated for it, data first
     */
    public DataVolumeUpload(String namespace, String dataVolume, String node, List<String> volumes, String format, long bytesSent,
                            int attempts, Duration elapsed, boolean alreadyDone) {
        this.namespace = namespace;
        this.dataVolume = dataVolume;
        this.node = node;
        this.volumes = List.copyOf(volumes);
        this.format = format;
        this.bytesSent = bytesSent;
        this.attempts = attempts;
        this.elapsed = elapsed;
        this.alreadyDone = alreadyDone;
    }

    /** The DataVolume's namespace. */
    public String namespace() {
        return namespace;
    }

    /** The DataVolume (and claim) name. */
    public String dataVolume() {
        return dataVolume;
    }

    /** The node of its local volume; empty for storage with a provisioner. */
    public Optional<String> node() {
        return Optional.ofNullable(node);
    }

    /** The PersistentVolumes allocated for it from the pool, data first (the scratch volume is freed already). */
    public List<String> volumes() {
        return volumes;
    }

    /** The image's format as uploaded, e.g. {@code qcow2}; CDI stores it as raw. */
    public String format() {
        return format;
    }

    /** The bytes of the transfer that succeeded; 0 when it was already done. */
    public long bytesSent() {
        return bytesSent;
    }

    /** How many transfers were started (restarts from byte 0 count). */
    public int attempts() {
        return attempts;
    }

    /** From the first request to the DataVolume's Succeeded. */
    public Duration elapsed() {
        return elapsed;
    }

    /** Whether the DataVolume had Succeeded before and nothing was sent. */
    public boolean alreadyDone() {
        return alreadyDone;
    }

    @Override
    public String toString() {
        return "DataVolume " + namespace + "/" + dataVolume + (alreadyDone ? " was already uploaded" : " Succeeded: "
                + bytesSent + " bytes of " + format + " in " + attempts + " attempt(s), " + elapsed.toMillis() + " ms")
                + (node == null ? "" : " on " + node) + (volumes.isEmpty() ? "" : " " + volumes);
    }
}
