/**
 * Snapshots of VM disks: {@link dev.edgevm.storage.snapshot.Snapshots}, reached as
 * {@code EdgeStorage.of(edge).snapshots()}. Node-local disks are copied on their node with
 * {@code qemu-img} into snapshot volumes of the pool; CSI disks through KubeVirt's
 * VirtualMachineSnapshot. The implementation lives in {@code internal}.
 */
package dev.edgevm.storage.snapshot;
