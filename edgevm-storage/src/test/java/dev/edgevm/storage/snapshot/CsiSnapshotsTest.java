package dev.edgevm.storage.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.ConflictException;
import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.DeleteOptions;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.VmResource;
import dev.edgevm.kubevirt.model.snapshot.VirtualMachineRestore;
import dev.edgevm.kubevirt.model.snapshot.VirtualMachineSnapshot;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.testing.ClaimFiles;
import dev.edgevm.storage.testing.NodeFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VMs on CSI storage with snapshot support (the embedded cluster's {@code edge-csi} class): the same
 * calls go through KubeVirt's VirtualMachineSnapshot and VirtualMachineRestore.
 */
class CsiSnapshotsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MIB = 1024 * 1024;

    private static EmbeddedEdgeCluster cluster;
    private static EdgeVm edge;
    private static Snapshots snapshots;

    @TempDir
    Path work;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedEdgeCluster.builder().nodes(1).seed(8).start();
        edge = EdgeVm.using(cluster.client());
        snapshots = EdgeStorage.of(edge).snapshots();
    }

    @AfterAll
    static void stopCluster() {
        edge.close();
        cluster.close();
    }

    private void csiVm(String name) throws Exception {
        byte[] bytes = new byte[2 * MIB];
        new Random(name.hashCode()).nextBytes(bytes);
        edge.vms().deploy(VmSpec.builder().name(name).cpuCores(1).memory("1Gi")
                .rootDisk(UploadedDisk.of(Files.write(work.resolve(name + ".img"), bytes)).size("64Mi").storageClass("edge-csi"))
                .build());
    }

    private static byte[] pattern(int seed) {
        byte[] bytes = new byte[MIB];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void snapshotAndRestore_roundTripThroughKubeVirt() throws Exception {
        csiVm("csi-vm");
        Path disk = ClaimFiles.disk(cluster, "default", "csi-vm-rootdisk");
        byte[] before = pattern(1);
        ClaimFiles.write(disk, before);

        Snapshot snapshot = snapshots.take("csi-vm", "csi-before");

        assertThat(snapshot.kind()).isEqualTo(SnapshotKind.CSI);
        assertThat(snapshot.ready()).isTrue();
        assertThat(snapshot.indications()).isEmpty();
        assertThat(snapshot.disk("rootdisk").claim()).isEqualTo("csi-vm-rootdisk");
        assertThat(snapshot.disk("rootdisk").volume()).hasValueSatisfying(v -> assertThat(v).startsWith("vmsnapshot-"));
        assertThat(snapshot.disk("rootdisk").size()).isPresent();
        VirtualMachineSnapshot kubevirt = cluster.client().resources(VirtualMachineSnapshot.class).inNamespace("default")
                .withName("csi-before").get();
        assertThat(kubevirt.getStatus().readyToUse()).isTrue();
        assertThat(kubevirt.getStatus().snapshotVolumes().includedVolumes()).containsExactly("rootdisk");
        assertThat(snapshots.list()).extracting(Snapshot::name).contains("csi-before");

        ClaimFiles.write(disk, pattern(2));
        SnapshotRestore restored = snapshots.restore(snapshot);

        assertThat(restored.claims()).containsEntry("rootdisk", "csi-vm-rootdisk");
        assertThat(NodeFiles.head(ClaimFiles.disk(cluster, "default", "csi-vm-rootdisk"), MIB)).isEqualTo(before);
        assertThat(cluster.client().resources(VirtualMachineRestore.class).inNamespace("default").list().getItems())
                .allSatisfy(r -> assertThat(r.getStatus().complete()).isTrue());
        VmResource vm = edge.vms().withName("csi-vm");
        vm.start();
        vm.await().running(WAIT);

        VmResource copy = snapshots.restoreAs(snapshot, "csi-copy");
        assertThat(NodeFiles.head(ClaimFiles.disk(cluster, "default", "csi-copy-rootdisk"), MIB)).isEqualTo(before);
        copy.start();
        copy.await().running(WAIT);

        Path raw = work.resolve("csi-before.raw");
        SnapshotDownload download = snapshots.export(snapshot, raw, p -> { });
        assertThat(download.format()).isEqualTo("raw");
        assertThat(download.checksumVerified()).isFalse();
        assertThat(NodeFiles.head(raw, MIB)).isEqualTo(before);

        copy.delete(DeleteOptions.defaults().purgeStorage(true));
        vm.delete(DeleteOptions.defaults().purgeStorage(true));
        assertThat(snapshots.delete("csi-before")).isTrue();
        assertThat(cluster.client().resources(VirtualMachineSnapshot.class).inNamespace("default").withName("csi-before").get()).isNull();
        assertThat(cluster.client().genericKubernetesResources("snapshot.storage.k8s.io/v1", "VolumeSnapshot").inNamespace("default")
                .list().getItems()).as("volume snapshots deleted with it").isEmpty();
        assertThat(cluster.client().resources(VirtualMachineRestore.class).inNamespace("default").list().getItems()).isEmpty();
    }

    @Test
    void aRestoreKubeVirtRefuses_failsWithKubeVirtsFailureCondition_andLeavesNoRestoreBehind() throws Exception {
        csiVm("replaced-vm");
        Snapshot snapshot = snapshots.take("replaced-vm", "before-replace");
        // The VM is made again under the same name: KubeVirt does not restore the old VM's snapshot into another VM.
        edge.vms().withName("replaced-vm").delete(DeleteOptions.defaults().waitUpTo(WAIT));
        csiVm("replaced-vm");

        EdgeVmException failed = catchThrowableOfType(EdgeVmException.class, () -> snapshots.restore(snapshot));

        assertThat(failed.getMessage()).contains("KubeVirt could not restore snapshot", "before-replace",
                "restore source and restore target are different but restore target already exists");
        assertThat(cluster.client().resources(VirtualMachineRestore.class).inNamespace("default").list().getItems())
                .filteredOn(r -> r.getSpec().virtualMachineSnapshotName().equals("before-replace")).isEmpty();

        edge.vms().withName("replaced-vm").delete(DeleteOptions.defaults().purgeStorage(true));
        assertThat(snapshots.delete("before-replace")).isTrue();
    }

    @Test
    void aRunningVm_isRefusedWithWhatToDo_unlessACrashConsistentCopyIsAccepted() throws Exception {
        csiVm("busy-csi-vm");
        VmResource vm = edge.vms().withName("busy-csi-vm");
        vm.start();
        vm.await().running(WAIT);

        ConflictException refused = catchThrowableOfType(ConflictException.class, () -> snapshots.take("busy-csi-vm", "csi-running"));

        assertThat(refused.reason()).contains("VmRunning");
        assertThat(refused.getMessage()).contains("busy-csi-vm is Running", "Stop it first", "pausedOk(true)");
        assertThat(cluster.client().resources(VirtualMachineSnapshot.class).inNamespace("default").withName("csi-running").get()).isNull();

        Snapshot crashConsistent = snapshots.take("busy-csi-vm", "csi-running", SnapshotOptions.builder().pausedOk(true).build());

        assertThat(crashConsistent.kind()).isEqualTo(SnapshotKind.CSI);
        assertThat(crashConsistent.ready()).isTrue();
        assertThat(crashConsistent.indications()).contains("Online");
        assertThat(crashConsistent.crashConsistent()).isTrue();
        assertThat(vm.await().running(WAIT).value().printableStatus()).as("resumed after the copy").isEqualTo("Running");

        vm.delete(DeleteOptions.defaults().purgeStorage(true));
        assertThat(snapshots.delete("csi-running")).isTrue();
    }

    @Test
    void aVmWithoutPersistentDisks_hasNothingToSnapshot() {
        edge.vms().deploy(VmSpec.builder().name("stateless-vm").cpuCores(1).memory("1Gi")
                .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo")).build());

        EdgeVmException refused = catchThrowableOfType(EdgeVmException.class, () -> snapshots.take("stateless-vm", "nothing"));

        assertThat(refused.getMessage()).contains("no disk on a PersistentVolumeClaim", "container disks");
        assertThat(snapshots.find("nothing")).isEmpty();
        edge.vms().withName("stateless-vm").delete();
    }
}
