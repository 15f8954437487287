package dev.edgevm.storage.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.OperationFailedException;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.model.snapshot.VirtualMachineSnapshot;
import dev.edgevm.storage.EdgeStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSI driver that refuses the VolumeSnapshot KubeVirt asks for (the embedded edge-csi driver with
 * the VolumeSnapshotClass parameter {@code csi.edgevm.dev/fail-with}): KubeVirt fails the snapshot at
 * the {@code failureDeadline} the SDK wrote from {@code StorageConfig.csiSnapshotTimeout}, here
 * shortened, and {@code take} ends with KubeVirt's reason and the driver's error; nothing is left behind.
 */
class CsiSnapshotRefusedTest {

    private static final String REFUSAL = "snapshot quota exceeded";

    @TempDir
    Path work;

    @Test
    void aSnapshotTheDriverRefuses_failsAtTheConfiguredDeadline_withTheDriversError_andIsRolledBack() throws Exception {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().start(); EdgeVm edge = EdgeVm.using(cluster.client())) {
            edge.vms().deploy(VmSpec.builder().name("refused-vm").cpuCores(1).memory("1Gi")
                    .rootDisk(UploadedDisk.of(Files.write(work.resolve("disk.img"), new byte[1024 * 1024])).size("64Mi")
                            .storageClass("edge-csi"))
                    .build());
            cluster.client().genericKubernetesResources("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass")
                    .withName("edge-csi-snapclass").edit(vsc -> {
                        vsc.setAdditionalProperty("parameters", Map.of("csi.edgevm.dev/fail-with", REFUSAL));
                        return vsc;
                    });
            Snapshots snapshots = EdgeStorage.of(edge).configure(c -> c.csiSnapshotTimeout(Duration.ofSeconds(8))).snapshots();

            OperationFailedException failed = catchThrowableOfType(OperationFailedException.class,
                    () -> snapshots.take("refused-vm", "refused"));

            assertThat(failed.getCause()).hasMessageStartingWith("KubeVirt could not take VirtualMachineSnapshot default/refused:"
                            + " snapshot deadline exceeded (failureDeadline 8s, StorageConfig.csiSnapshotTimeout); the last error:"
                            + " VolumeSnapshot vmsnapshot-")
                    .hasMessageContaining("failed to take snapshot of the volume")
                    .hasMessageContaining("rpc error: code = Internal desc = " + REFUSAL);
            assertThat(failed.stepsRolledBack()).containsExactly("VirtualMachineSnapshot refused");
            assertThat(cluster.client().resources(VirtualMachineSnapshot.class).inNamespace("default").list().getItems()).isEmpty();
        }
    }
}
