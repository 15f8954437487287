package dev.edgevm.storage.stateful;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.core.Progress;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.cloudinit.CloudInit;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.core.network.PodNetwork;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.DeleteOptions;
import dev.edgevm.kubevirt.DeployOutcome;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.model.VirtualMachineInstance;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.pool.PoolLabels;
import dev.edgevm.storage.pool.PoolUsage;
import dev.edgevm.storage.testing.ClusterAudit;
import dev.edgevm.storage.testing.NodeFiles;
import dev.edgevm.storage.testing.QemuImg;
import dev.edgevm.storage.testing.VolumeHistory;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook's "Stateful VM deployment" and "completely deleting a stateful VM", through the SDK:
 * what the operator did by hand in thirteen steps and five deletions is one deploy and one delete.
 */
class StatefulWalkthroughTest {

    static final String CONTROLLER_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq0Gq0u6nRkAbsu0pHf3f0eY9rDMSRCKj1MyCO5eQzB root@controller";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static EmbeddedEdgeCluster cluster;
    private static EdgeVm edge;

    @TempDir
    static Path work;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedEdgeCluster.builder().nodes(3).seed(11).start();
        edge = EdgeVm.using(cluster.client());
    }

    @AfterAll
    static void stopCluster() {
        edge.close();
        cluster.close();
    }

    static VmSpec centos(String name, String dataVolume, Path image, String node) {
        return VmSpec.builder()
                .name(name).cpuCores(2).memory("2056M").node(node)
                .rootDisk(UploadedDisk.of(image).size("1Gi").dataVolumeName(dataVolume))
                .network(PodNetwork.bridge())
                .cloudInit(CloudInit.builder()
                        .user(u -> u.name("root").sudo("ALL=(ALL) NOPASSWD:ALL").sshAuthorizedKey(CONTROLLER_KEY))
                        .packages("git", "net-tools"))
                .build();
    }

    @Test
    void runbookStatefulWalkthrough_rawImage() throws Exception {
        byte[] bytes = new byte[8 * 1024 * 1024];
        new Random(1).nextBytes(bytes);
        Path image = Files.write(work.resolve("centos.img"), bytes);
        List<Progress> progress = new CopyOnWriteArrayList<>();
        try (VolumeHistory history = VolumeHistory.watch(cluster.client())) {
            // Steps 1-9: PVs, upload through CDI, VM with cloud-init (the SSH key in a Secret)
            DeployedVm vm = edge.vms().deploy(centos("centos-vm", "centos-dv", image, "node01"), progress::add);
            assertThat(vm.outcome()).isEqualTo(DeployOutcome.CREATED);

            // Step 5: the data PV is Bound to centos-dv; the scratch PV was Bound to centos-dv-scratch, Released, recycled
            PersistentVolume data = cluster.client().persistentVolumes().withName("node01-vol0").get();
            assertThat(data.getStatus().getPhase()).isEqualTo("Bound");
            assertThat(data.getSpec().getClaimRef().getName()).isEqualTo("centos-dv");
            assertThat(data.getSpec().getLocal().getPath()).isEqualTo("/var/vd/vol0");
            assertThat(data.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Retain");
            assertThat(data.getSpec().getStorageClassName()).isEqualTo("local-storage");
            assertThat(data.getMetadata().getLabels()).containsEntry(PoolLabels.NODE, "node01").containsEntry(PoolLabels.INDEX, "0")
                    .containsEntry(PoolLabels.OWNER, "centos-vm").containsEntry(PoolLabels.OWNER_NAMESPACE, "default")
                    .containsEntry(PoolLabels.ROLE, "data");
            history.await("node01-vol1", "DELETED", WAIT);
            assertThat(history.phases("node01-vol1")).containsSubsequence("Bound", "Released", "DELETED");
            assertThat(history.claimOf("node01-vol1")).isEqualTo("centos-dv-scratch");
            assertThat(cluster.nodeRoot("node01").resolve("var/vd/vol1/tmpimage")).doesNotExist();

            DataVolume dv = cluster.client().resources(DataVolume.class).inNamespace("default").withName("centos-dv").get();
            assertThat(dv.getStatus().phase()).isEqualTo("Succeeded");
            PersistentVolumeClaim pvc = cluster.client().persistentVolumeClaims().inNamespace("default").withName("centos-dv").get();
            assertThat(pvc.getStatus().getPhase()).isEqualTo("Bound");
            assertThat(pvc.getSpec().getVolumeName()).isEqualTo("node01-vol0");

            // The uploaded bytes are the VM's disk on the node (CDI grows the raw disk to the volume's usable size)
            Path disk = cluster.nodeRoot("node01").resolve("var/vd/vol0/disk.img");
            assertThat(NodeFiles.head(disk, bytes.length)).isEqualTo(bytes);
            assertThat(Files.size(disk)).isGreaterThanOrEqualTo(bytes.length);
            assertThat(progress).anyMatch(p -> "uploading".equals(p.phase()) && p.bytesDone().isPresent());
            assertThat(progress).anyMatch(p -> "processing".equals(p.phase()));
            assertThat(progress).anyMatch(p -> "scratch volume".equals(p.phase()));

            // Steps 6-8: the controller's key reaches the guest through a Secret, not inline in the VM
            Secret secret = cluster.client().secrets().inNamespace("default").withName("centos-vm-cloudinit").get();
            String userData = new String(Base64.getDecoder().decode(secret.getData().get("userdata")), StandardCharsets.UTF_8);
            assertThat(userData).contains(CONTROLLER_KEY);

            // Steps 10-12: start it; it runs on the volume's node and has an address
            vm.start();
            assertThat(vm.await().running(WAIT).value().node()).contains("node01");
            assertThat(vm.await().ipAddress(WAIT).value()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
            VirtualMachineInstance vmi = cluster.client().resources(VirtualMachineInstance.class).inNamespace("default")
                    .withName("centos-vm").get();
            assertThat(vmi.getStatus().phase()).isEqualTo("Running");

            PoolUsage usage = EdgeStorage.of(edge).pool().usage();
            assertThat(usage.node("node01").inUse()).isEqualTo(1);
            assertThat(usage.node("node01").free()).isEqualTo(63);
            assertThat(usage.byOwner().keySet()).extracting(Object::toString).containsExactly("default/centos-vm");

            // Troubleshooting 3: delete VM, DV, PVC, PVs and the disk file on the node, in one call
            assertThat(vm.delete(DeleteOptions.defaults().purgeStorage(true))).isTrue();
        }
        ClusterAudit.assertNothingLeftOf(cluster, "centos-vm", "centos-dv");
        assertThat(cluster.nodeRoot("node01").resolve("var/vd/vol0/disk.img")).doesNotExist();
        assertThat(EdgeStorage.of(edge).pool().usage().node("node01").free()).isEqualTo(64);
    }

    @Test
    void qcow2Image_isStoredAsQemuImgConvertsIt() throws Exception {
        QemuImg.assumeInstalled();
        byte[] bytes = new byte[6 * 1024 * 1024];
        new Random(2).nextBytes(bytes);
        Path raw = Files.write(work.resolve("source.img"), bytes);
        QemuImg.run(work, "convert", "-f", "raw", "-O", "qcow2", raw.getFileName().toString(), "centos.qcow2");
        QemuImg.run(work, "convert", "-f", "qcow2", "-O", "raw", "centos.qcow2", "expected.raw");
        byte[] expected = Files.readAllBytes(work.resolve("expected.raw"));

        DeployedVm vm = edge.vms().deploy(centos("qcow-vm", "qcow-dv", work.resolve("centos.qcow2"), "node02"));

        Path disk = cluster.nodeRoot("node02").resolve("var/vd/vol0/disk.img");
        assertThat(NodeFiles.head(disk, expected.length)).isEqualTo(expected).startsWith(bytes[0], bytes[1], bytes[2], bytes[3]);
        PersistentVolumeClaim pvc = cluster.client().persistentVolumeClaims().inNamespace("default").withName("qcow-dv").get();
        assertThat(pvc.getMetadata().getAnnotations()).doesNotContainKey("embedded.edgevm.dev/conversion-skipped");

        vm.delete(DeleteOptions.defaults().purgeStorage(true));
        ClusterAudit.assertNothingLeftOf(cluster, "qcow-vm", "qcow-dv");
        assertThat(disk).doesNotExist();
    }
}
