package dev.edgevm.storage.stateful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.OperationFailedException;
import dev.edgevm.core.Quantity;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.DeleteOptions;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.testing.ClusterAudit;
import dev.edgevm.storage.upload.UploadOptions;
import dev.edgevm.storage.upload.UploadPodUnschedulableException;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Storage classes with a provisioner (the embedded cluster's node-local CSI driver): no pool volume is made for them. */
class DynamicStorageTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private Path image(int mib) throws Exception {
        byte[] bytes = new byte[mib * 1024 * 1024];
        new Random(mib).nextBytes(bytes);
        return Files.write(work.resolve("disk-" + mib + ".img"), bytes);
    }

    @Test
    void aCsiClass_getsItsVolumesFromItsProvisioner_andDeletionLeavesNothing() throws Exception {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(1).start(); EdgeVm edge = EdgeVm.using(cluster.client())) {
            DeployedVm vm = edge.vms().deploy(VmSpec.builder().name("csi-vm").cpuCores(1).memory("1Gi")
                    .rootDisk(UploadedDisk.of(image(2)).size("1Gi").storageClass("edge-csi")).build());
            vm.start();
            vm.await().running(WAIT);

            DataVolume dv = cluster.client().resources(DataVolume.class).inNamespace("default").withName("csi-vm-rootdisk").get();
            assertThat(dv.getStatus().phase()).isEqualTo("Succeeded");
            assertThat(cluster.client().persistentVolumes().withLabel("app.kubernetes.io/managed-by", "edgevm").list().getItems())
                    .as("no pool volumes").isEmpty();
            String volume = cluster.client().persistentVolumeClaims().inNamespace("default").withName("csi-vm-rootdisk").get()
                    .getSpec().getVolumeName();
            PersistentVolume pv = cluster.client().persistentVolumes().withName(volume).get();
            assertThat(pv.getSpec().getCsi().getDriver()).isEqualTo("csi.edgevm.dev");

            vm.delete(DeleteOptions.defaults().purgeStorage(true));
            ClusterAudit.assertNothingLeftOf(cluster, "csi-vm", "csi-vm-rootdisk");
            cluster.client().persistentVolumes().withName(volume).waitUntilCondition(p -> p == null, 30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void aClassThatPutsTheClaimAndItsScratchOnDifferentNodes_failsFast_sayingSo() throws Exception {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(2).start(); EdgeVm edge = EdgeVm.using(cluster.client())) {
            // edge-csi binds each claim at once to a volume on the node with the fewest: data and scratch land apart.
            OperationFailedException failed = catchThrowableOfType(OperationFailedException.class, () -> EdgeStorage.of(edge).uploads()
                    .upload("split-dv", image(1), Quantity.parse("1Gi"), UploadOptions.builder().storageClass("edge-csi").build()));

            assertThat(failed.getCause()).isInstanceOf(UploadPodUnschedulableException.class);
            UploadPodUnschedulableException cause = (UploadPodUnschedulableException) failed.getCause();
            assertThat(cause.taints()).isEmpty();
            assertThat(cause.schedulerMessage()).contains("volume node affinity conflict");
            assertThat(cause.fix()).contains("node01", "node02", "WaitForFirstConsumer");
            ClusterAudit.assertNothingLeftOf(cluster, "split-vm", "split-dv");
        }
    }

}
