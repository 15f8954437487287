package dev.edgevm.storage.snapshot;

import dev.edgevm.core.EdgeVmStyle;
import dev.edgevm.core.SpecBuilder;
import java.util.Optional;
import java.util.OptionalLong;
import org.immutables.value.Value;

/**
 * One disk of a snapshot: which VM disk it copies, from which claim, and what holds the copy.
 * For a {@link SnapshotKind#NODE_LOCAL} snapshot the copy is the qcow2 file
 * {@code snapshot.qcow2} on the pool volume {@link #volume()} of {@link #node()}; for a
 * {@link SnapshotKind#CSI} snapshot it is the VolumeSnapshot {@link #volume()}.
 */
@Value.Immutable
@EdgeVmStyle
public abstract class SnapshotDisk {

    /** The disk's name in the VM (its volume name), e.g. {@code rootdisk}. */
    public abstract String disk();

    /** The claim the disk was on when the snapshot was taken. */
    public abstract String claim();

    /** The PersistentVolume holding the copy (node-local), or the VolumeSnapshot (CSI). */
    public abstract Optional<String> volume();

    /** The node the copy is on (node-local snapshots). */
    public abstract Optional<String> node();

    /** The copy's format: {@code qcow2} for node-local snapshots; empty for CSI (the storage's own). */
    public abstract Optional<String> format();

    /** Whether the qcow2 copy was written with compressed clusters ({@code qemu-img convert -c}). */
    @Value.Default
    public boolean compressed() {
        return false;
    }

    /** The disk's size as the guest sees it, in bytes. */
    public abstract OptionalLong virtualSize();

    /** The size of the copy in bytes: the qcow2 file, or the CSI snapshot's restore size. */
    public abstract OptionalLong size();

    /** SHA-256 of the qcow2 file, in lower-case hex, computed on the node (node-local snapshots). */
    public abstract Optional<String> sha256();

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(disk()).append(" (claim ").append(claim()).append(')');
        volume().ifPresent(v -> sb.append(" on ").append(v));
        node().ifPresent(n -> sb.append('@').append(n));
        format().ifPresent(f -> sb.append(", ").append(f).append(compressed() ? " compressed" : ""));
        size().ifPresent(s -> sb.append(", ").append(s).append(" bytes"));
        return sb.toString();
    }

    public static final class Builder extends ImmutableSnapshotDisk.Builder implements SpecBuilder<SnapshotDisk> {}
}
