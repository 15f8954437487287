package dev.edgevm.storage.snapshot;

import dev.edgevm.core.ProgressListener;
import dev.edgevm.core.VmSpec;
import dev.edgevm.kubevirt.VmResource;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Snapshots of VM disks, the same calls whatever the storage: disks on node-local volumes are
 * copied on their node with {@code qemu-img} (the runbook's way, without logging into the node),
 * disks on CSI storage with snapshot support by KubeVirt's VirtualMachineSnapshot. Which one is
 * chosen from the VM's disks ({@link Snapshot#kind()}). Records live in the cluster; there is no
 * local state.
 *
 * <pre>{@code
 * Snapshots snapshots = EdgeStorage.of(edge).snapshots();
 * edge.vms().withName("centos-vm").stop();
 * Snapshot before = snapshots.take("centos-vm", "before-upgrade");
 * // ... the upgrade goes wrong; with the VM stopped again:
 * snapshots.restore(before);
 * VmResource copy = snapshots.restoreAs(before, "centos-vm-copy");   // a second VM with its own volume
 * snapshots.export(before, Path.of("centos-before-upgrade.qcow2"), System.out::println);
 * snapshots.delete("before-upgrade");                                // its volume is wiped and freed
 * }</pre>
 *
 * <p>Scoping ({@link #inNamespace}) does no I/O; every other method talks to the cluster.
 */
public interface Snapshots {

    /** The snapshots of another namespace. */
    Snapshots inNamespace(String namespace);

    /** Takes a snapshot of a stopped VM's disks. See {@link #take(String, String, SnapshotOptions, ProgressListener)}. */
    Snapshot take(String vm, String name);

    Snapshot take(String vm, String name, SnapshotOptions options);

    /**
     * Copies every persistent disk of the VM and returns the ready snapshot. The VM must be
     * stopped, or {@link SnapshotOptions#pausedOk()} given for a crash-consistent copy while it is
     * paused. A failure leaves nothing behind.
     *
     * @throws dev.edgevm.core.InvalidSpecException for a bad name (nothing is sent)
     * @throws dev.edgevm.core.NotFoundException if the VM does not exist
     * @throws dev.edgevm.core.ConflictException if the name is taken, or the VM runs (reason {@code VmRunning}: the message says what to do)
     * @throws dev.edgevm.core.EdgeVmException if the VM has no disk that can be snapshotted, or its disks are on storage of both kinds
     */
    Snapshot take(String vm, String name, SnapshotOptions options, ProgressListener progress);

    /** Every snapshot of the namespace, node-local and CSI, oldest first. */
    List<Snapshot> list();

    /** The snapshots of one VM (which may no longer exist), oldest first. */
    List<Snapshot> list(String vm);

    Optional<Snapshot> find(String name);

    /** @throws dev.edgevm.core.NotFoundException naming the snapshots there are */
    Snapshot require(String name);

    /** Deletes the snapshot; node-local copies are wiped on their node and their volumes freed. Returns whether it existed. */
    boolean delete(String name);

    /** Puts the snapshot's disks back into its own (stopped) VM. */
    SnapshotRestore restore(Snapshot snapshot);

    /**
     * Puts the snapshot's disks back into its VM, which must exist and be stopped. Node-local: each
     * disk is converted back to raw into a freshly allocated volume on the snapshot's node; the
     * VM's claim is then re-created under the same name on that volume, and the old volume is wiped
     * and freed, so the VM keeps its spec. CSI: a VirtualMachineRestore with the InPlace policy.
     *
     * @throws dev.edgevm.core.ConflictException if the VM runs (reason {@code VmRunning})
     */
    SnapshotRestore restore(Snapshot snapshot, ProgressListener progress);

    /** A new VM, a copy of the snapshot's VM as it was, with its own volumes. See {@link #restoreAs(Snapshot, String, ProgressListener)}. */
    VmResource restoreAs(Snapshot snapshot, String newVm);

    /**
     * Creates the VM {@code newVm} from the snapshot: the VM definition recorded with it (cloud-init
     * Secret copied), its disks on new claims {@code <newVm>-<disk>}, in the snapshot's namespace.
     *
     * @throws dev.edgevm.core.ConflictException if {@code newVm} exists
     */
    VmResource restoreAs(Snapshot snapshot, String newVm, ProgressListener progress);

    /** A new VM of this spec whose disks named like the snapshot's come from the snapshot. See {@link #restoreAs(Snapshot, VmSpec, ProgressListener)}. */
    VmResource restoreAs(Snapshot snapshot, VmSpec newVm);

    /**
     * Deploys {@code newVm} with each of its disks that is named like a snapshot disk (the root
     * disk is {@code rootdisk}) replaced by a new claim {@code <name>-<disk>} holding the snapshot's
     * copy; its bus and boot order are kept. Whatever source the spec gives such a disk is not used,
     * so {@code rootDisk(ClaimDisk.of("<name>-rootdisk"))} says what happens. Node-local disks pin
     * the VM to the snapshot's node.
     */
    VmResource restoreAs(Snapshot snapshot, VmSpec newVm, ProgressListener progress);

    /**
     * Downloads the snapshot's only disk into {@code file} through KubeVirt's VirtualMachineExport,
     * with progress, and checks it against the SHA-256 recorded when the snapshot was taken.
     * Node-local snapshots give the qcow2 file as taken; CSI snapshots give a raw image.
     *
     * @throws dev.edgevm.core.InvalidSpecException if the snapshot has several disks (use {@link #export(Snapshot, String, Path, ProgressListener)}) or the file's directory does not exist
     */
    SnapshotDownload export(Snapshot snapshot, Path file, ProgressListener progress);

    /** Downloads one disk of the snapshot; see {@link #export(Snapshot, Path, ProgressListener)}. */
    SnapshotDownload export(Snapshot snapshot, String disk, Path file, ProgressListener progress);
}
