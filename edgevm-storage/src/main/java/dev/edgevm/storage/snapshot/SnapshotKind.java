package dev.edgevm.storage.snapshot;

/** How a snapshot was taken: chosen from where the VM's disks live, never by the caller. */
public enum SnapshotKind {

    /**
     * The runbook's way, for disks on node-local volumes: {@code qemu-img convert} of each disk into
     * a qcow2 file on a snapshot volume of the same node, by a Job pinned to that node.
     */
    NODE_LOCAL,

    /**
     * KubeVirt's VirtualMachineSnapshot, for disks on CSI storage whose driver has a
     * VolumeSnapshotClass: one VolumeSnapshot per disk, made by the storage.
     */
    CSI
}
