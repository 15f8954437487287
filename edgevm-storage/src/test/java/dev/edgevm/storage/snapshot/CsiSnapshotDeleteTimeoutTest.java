package dev.edgevm.storage.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.VmSpec;
import dev.edgevm.core.WaitTimeoutException;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.model.snapshot.VirtualMachineSnapshot;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.testing.ForeignFinalizer;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleting a CSI snapshot waits for KubeVirt to remove it for {@code StorageConfig.cleanupTimeout},
 * not for a fixed time: a VirtualMachineSnapshot another controller holds with its finalizer ends
 * the wait at the configured limit, naming what it waited for.
 */
class CsiSnapshotDeleteTimeoutTest {

    @TempDir
    Path work;

    @Test
    void aSnapshotThatStaysAfterItsDeletion_endsTheWaitAtTheCleanupTimeout() throws Exception {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().start(); EdgeVm edge = EdgeVm.using(cluster.client())) {
            edge.vms().deploy(VmSpec.builder().name("held-vm").cpuCores(1).memory("1Gi")
                    .rootDisk(UploadedDisk.of(Files.write(work.resolve("disk.img"), new byte[1024 * 1024])).size("64Mi")
                            .storageClass("edge-csi"))
                    .build());
            Snapshots snapshots = EdgeStorage.of(edge).configure(c -> c.cleanupTimeout(Duration.ofSeconds(3))).snapshots();
            snapshots.take("held-vm", "held");
            ForeignFinalizer.hold(held(cluster), true);

            WaitTimeoutException timeout = catchThrowableOfType(WaitTimeoutException.class, () -> snapshots.delete("held"));

            assertThat(timeout.awaited()).isEqualTo("VirtualMachineSnapshot default/held to be deleted");
            assertThat(timeout.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(3)).isLessThan(Duration.ofMinutes(1));
            // once the other controller lets go, the deletion it asked for completes
            ForeignFinalizer.hold(held(cluster), false);
            assertThat(held(cluster).waitUntilCondition(s -> s == null, 60, TimeUnit.SECONDS)).isNull();
        }
    }

    private static Resource<VirtualMachineSnapshot> held(EmbeddedEdgeCluster cluster) {
        return cluster.client().resources(VirtualMachineSnapshot.class).inNamespace("default").withName("held");
    }
}
