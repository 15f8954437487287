package dev.edgevm.storage.snapshot;

import dev.edgevm.core.EdgeVmStyle;
import dev.edgevm.core.SpecBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.immutables.value.Value;

/**
 * A snapshot of a VM's disks as the cluster records it: any client listing snapshots sees the same.
 * Node-local snapshots are recorded in the labels and annotations of their snapshot volumes
 * ({@link SnapshotLabels}); CSI snapshots are KubeVirt's VirtualMachineSnapshots.
 */
@Value.Immutable
@EdgeVmStyle
public abstract class Snapshot {

    public abstract String namespace();

    /** The snapshot's name, unique in its namespace. */
    public abstract String name();

    /** The VM whose disks were copied. */
    public abstract String vm();

    public abstract SnapshotKind kind();

    public abstract SnapshotPhase phase();

    /** When the copy was complete. */
    public abstract Optional<Instant> creationTime();

    /**
     * True when the VM was running (paused for the copy) instead of stopped: the copy is
     * crash-consistent, as after a power cut.
     */
    @Value.Default
    public boolean crashConsistent() {
        return false;
    }

    public abstract List<SnapshotDisk> disks();

    /** KubeVirt's indications on a CSI snapshot: {@code Online}, {@code NoGuestAgent}, {@code Partial}, ... */
    public abstract List<String> indications();

    /** Why the snapshot failed, or KubeVirt's last error. */
    public abstract Optional<String> error();

    public boolean ready() {
        return phase() == SnapshotPhase.READY;
    }

    /** The size of all copies together, when every disk's size is known. */
    public OptionalLong size() {
        long total = 0;
        for (SnapshotDisk d : disks()) {
            if (d.size().isEmpty()) {
                return OptionalLong.empty();
            }
            total += d.size().getAsLong();
        }
        return disks().isEmpty() ? OptionalLong.empty() : OptionalLong.of(total);
    }

    /** The disk of this name. @throws IllegalArgumentException naming the snapshot's disks if there is none */
    public SnapshotDisk disk(String name) {
        return disks().stream().filter(d -> d.disk().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "snapshot " + namespace() + "/" + name() + " has no disk '" + name + "' (disks: "
                        + String.join(", ", disks().stream().map(SnapshotDisk::disk).toList()) + ")"));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code default/before-upgrade of VM centos-vm, node-local, READY, 1 disk}. */
    @Override
    public String toString() {
        return namespace() + "/" + name() + " of VM " + vm() + ", " + kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                + ", " + phase() + ", " + disks().size() + (disks().size() == 1 ? " disk" : " disks")
                + (crashConsistent() ? ", crash-consistent" : "") + error().map(e -> ": " + e).orElse("");
    }

    public static final class Builder extends ImmutableSnapshot.Builder implements SpecBuilder<Snapshot> {}
}
