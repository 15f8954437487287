package dev.edgevm.storage.snapshot;

/**
 * The record of a node-local snapshot, on each of its snapshot volumes (PersistentVolumes with the
 * pool's labels and role {@code snapshot}), so any client can list snapshots:
 * {@code kubectl get pv -l edgevm.dev/snapshot=before-upgrade -L edgevm.dev/snapshot-disk}. The
 * pool's own labels say the VM ({@code edgevm.dev/vm}, {@code edgevm.dev/vm-namespace}) and the node.
 * KubeVirt's VirtualMachineSnapshots (CSI) carry {@link #SNAPSHOT} too when edgevm made them.
 */
public final class SnapshotLabels {

    /** Label: the snapshot's name. */
    public static final String SNAPSHOT = "edgevm.dev/snapshot";
    /** Label: the VM disk (volume name) the volume holds a copy of. */
    public static final String DISK = "edgevm.dev/snapshot-disk";

    /** Annotation: InProgress, Ready or Failed. */
    public static final String PHASE = "edgevm.dev/snapshot-phase";
    /** Annotation: the claim the disk was on. */
    public static final String CLAIM = "edgevm.dev/snapshot-claim";
    /** Annotation: when the copy was complete (RFC 3339). */
    public static final String CREATED = "edgevm.dev/snapshot-created";
    /** Annotation: {@code qcow2}. */
    public static final String FORMAT = "edgevm.dev/snapshot-format";
    /** Annotation: {@code true} when written with {@code qemu-img convert -c}. */
    public static final String COMPRESSED = "edgevm.dev/snapshot-compressed";
    /** Annotation: the disk's virtual size in bytes. */
    public static final String VIRTUAL_SIZE = "edgevm.dev/snapshot-virtual-size";
    /** Annotation: the qcow2 file's size in bytes. */
    public static final String SIZE = "edgevm.dev/snapshot-size";
    /** Annotation: SHA-256 of the qcow2 file, hex. */
    public static final String SHA256 = "edgevm.dev/snapshot-sha256";
    /** Annotation: {@code stopped} or {@code paused} (crash-consistent): the VM's state during the copy. */
    public static final String CONSISTENCY = "edgevm.dev/snapshot-consistency";
    /** Annotation: why the snapshot failed. */
    public static final String ERROR = "edgevm.dev/snapshot-error";
    /** Annotation: the VM's definition (labels, annotations, spec as JSON) when the snapshot was taken, for {@code restoreAs}. */
    public static final String VM_DEFINITION = "edgevm.dev/snapshot-vm";

    /** On a claim or VM made by a restore: the snapshot it came from. */
    public static final String RESTORED_FROM = "edgevm.dev/restored-from";

    private SnapshotLabels() {}
}
