package dev.edgevm.storage.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.storage.EdgeStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads go through KubeVirt's VirtualMachineExport: on a cluster without it, the export says so. */
class ExportWithoutApiTest {

    @TempDir
    Path work;

    @Test
    void export_onAClusterWithoutTheExportApi_namesTheMissingApiAndTheFeatureGate_andWritesNothing() throws Exception {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().withoutVmExports().start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            edge.vms().deploy(VmSpec.builder().name("no-export-vm").cpuCores(1).memory("1Gi")
                    .rootDisk(UploadedDisk.of(Files.write(work.resolve("disk.img"), new byte[1024 * 1024])).size("64Mi")
                            .storageClass("edge-csi"))
                    .build());
            Snapshots snapshots = EdgeStorage.of(edge).snapshots();
            Snapshot snapshot = snapshots.take("no-export-vm", "before");
            Path target = work.resolve("before.raw");
            cluster.requests().reset();

            EdgeVmException missing = catchThrowableOfType(EdgeVmException.class,
                    () -> snapshots.export(snapshot, target, p -> { }));

            assertThat(missing.getMessage()).contains("does not serve VirtualMachineExports (export.kubevirt.io/v1 virtualmachineexports)")
                    .contains("VMExport feature gate");
            assertThat(target).doesNotExist();
            assertThat(work.resolve("before.raw.part")).doesNotExist();
            assertThat(cluster.requests().writes()).as("nothing created: %s", cluster.requests().list()).isZero();
        }
    }
}
