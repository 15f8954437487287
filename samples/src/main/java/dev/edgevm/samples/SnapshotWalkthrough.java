package dev.edgevm.samples;

import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.kubevirt.DeleteOptions;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.VmResource;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.snapshot.Snapshot;
import dev.edgevm.storage.snapshot.SnapshotDownload;
import dev.edgevm.storage.snapshot.SnapshotOptions;
import dev.edgevm.storage.snapshot.SnapshotRestore;
import dev.edgevm.storage.snapshot.Snapshots;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The runbook's "VM snapshot", step by step: where the runbook logs into the node, runs
 * {@code qemu-img convert} by hand, copies the file to the controller and uploads it again to make
 * a new VM, the SDK takes the snapshot on the node, restores it, makes a second VM from it and
 * downloads it. Runs on an embedded cluster, or on yours with
 * {@code --kubeconfig FILE [--context NAME] [-n NS]} (its nodes must be able to pull the qemu-img
 * image, {@code StorageConfig.qemuImgImage}). It restores into the VM it deployed, so it stops
 * if a VM of that name was there before this run.
 */
public final class SnapshotWalkthrough {

    private SnapshotWalkthrough() {}

    public static void main(String[] args) throws IOException {
        try (SampleTarget target = SampleTarget.from(args); WorkDirectory work = WorkDirectory.create("edgevm-snapshots")) {
            run(target.edge(), work.path(), System.out);
        }
    }

    static void run(EdgeVm edge, Path work, PrintStream out) throws IOException {
        // 1. A stateful VM on a node-local volume (the runbook's stateful deployment), here with a small
        //    raw disk image made for the walkthrough; it stays stopped (Halted) after the deploy.
        Path image = Files.write(work.resolve("disk.img"), new byte[4 * 1024 * 1024]);
        DeployedVm vm = edge.vms().deploy(VmSpec.builder()
                .name("centos-vm").cpuCores(2).memory("2056M")
                .rootDisk(UploadedDisk.of(image).size("1Gi").dataVolumeName("centos-dv"))
                .build());
        out.println("deployed " + vm.name() + ": " + vm.outcome());
        if (!SampleRun.createdHere(vm, out)) {
            return; // restoring a snapshot overwrites the VM's disk: not one this run did not make
        }

        // 2. Take a snapshot (runbook: cd /var/vd/vol0 && qemu-img convert -f raw -O qcow2 disk.img ...).
        //    The VM must be stopped; a running one is refused, with what to do.
        // tag::snapshot-take[]
        Snapshots snapshots = EdgeStorage.of(edge).snapshots();
        Snapshot snapshot = snapshots.take("centos-vm", "before-upgrade",
                SnapshotOptions.builder().compress(true).build());
        // end::snapshot-take[]
        out.println("snapshot " + snapshot.name() + ": " + snapshot.kind() + ", " + snapshot.phase() + ", disk "
                + snapshot.disks().get(0).disk() + " on " + snapshot.disks().get(0).node().orElse("?"));

        // 3. Any client can list them: the records live in the cluster, on the snapshot volumes.
        // tag::snapshot-list[]
        for (Snapshot s : snapshots.list("centos-vm")) {
            out.println(s.name() + " " + s.phase() + " " + s.size().orElse(0) + " bytes, sha256 "
                    + s.disks().get(0).sha256().orElse("?"));
        }
        // end::snapshot-list[]

        // 4. A second VM from the snapshot, with its own volume (runbook: copy the qcow2 to the
        //    controller, upload it again, create a VM): the copy happens on the node.
        // tag::snapshot-restore-as[]
        VmResource copy = snapshots.restoreAs(snapshot, "centos-vm-copy");
        copy.start();
        copy.await().running(Duration.ofMinutes(5));
        // end::snapshot-restore-as[]
        out.println("copy " + copy.name() + " is running");

        // 5. Put the snapshot back into the VM itself; the VM must be stopped.
        // tag::snapshot-restore[]
        SnapshotRestore restored = snapshots.restore(snapshot);
        // end::snapshot-restore[]
        out.println("restored into " + restored.vm() + ": claim " + restored.claims().get("rootdisk") + " on volume "
                + restored.volumes().get("rootdisk"));

        // 6. Download the qcow2 file (through KubeVirt's VirtualMachineExport), checked against its checksum.
        // tag::snapshot-export[]
        SnapshotDownload file = snapshots.export(snapshot, work.resolve("centos-before-upgrade.qcow2"),
                progress -> { });
        // end::snapshot-export[]
        out.println("downloaded " + file.file().getFileName() + ": " + file.format() + ", checksum "
                + (file.checksumVerified() ? "verified" : "not recorded"));

        // 7. Delete the snapshot (its volume is wiped and freed on the node) and the VMs with their storage.
        // tag::snapshot-delete[]
        snapshots.delete("before-upgrade");
        // end::snapshot-delete[]
        copy.delete(DeleteOptions.defaults().purgeStorage(true).waitUpTo(Duration.ofMinutes(5)));
        vm.delete(DeleteOptions.defaults().purgeStorage(true).waitUpTo(Duration.ofMinutes(5)));
        out.println("deleted the snapshot and both VMs");
    }
}
