package dev.edgevm.storage.stateful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.Quantity;
import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.DeleteOptions;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.pool.ClaimRef;
import dev.edgevm.storage.pool.NodeFullException;
import dev.edgevm.storage.pool.PoolConfig;
import dev.edgevm.storage.pool.VolumeOwner;
import dev.edgevm.storage.pool.VolumePool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a VM's local volumes go, and so where the VM runs: the scheduler follows the volume's node affinity. */
class NodeChoiceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private EmbeddedEdgeCluster cluster;
    private EdgeVm edge;
    private VolumePool pool;

    @TempDir
    Path work;

    @BeforeEach
    void start() {
        cluster = EmbeddedEdgeCluster.builder().nodes(3).seed(8).start();
        edge = EdgeVm.using(cluster.client());
        EdgeStorage.of(edge).configure(c -> c.pool(PoolConfig.builder().maxVolumesPerNode(6).build()));
        pool = EdgeStorage.of(edge).pool();
    }

    @AfterEach
    void stop() {
        edge.close();
        cluster.close();
    }

    private VmSpec.Builder vm(String name) throws Exception {
        byte[] bytes = new byte[1024 * 1024];
        new Random(name.hashCode()).nextBytes(bytes);
        Path image = Files.write(work.resolve(name + ".img"), bytes);
        return VmSpec.builder().name(name).cpuCores(1).memory("1Gi").runStrategy(RunStrategy.ALWAYS)
                .rootDisk(UploadedDisk.of(image).size("1Gi"));
    }

    private void occupy(String node, int volumes) {
        for (int i = 0; i < volumes; i++) {
            pool.allocate(node, VolumeOwner.of("default", "other"), Quantity.parse("1Gi"), ClaimRef.of("default", node + "-other-" + i));
        }
    }

    @Test
    void withoutANode_theVolumesGoWhereMostAreFree_andTheVmFollowsThem() throws Exception {
        occupy("node01", 3);
        occupy("node02", 1);

        DeployedVm vm = edge.vms().deploy(vm("roaming-vm").build());

        assertThat(pool.volumesOf(VolumeOwner.of("default", "roaming-vm"))).singleElement()
                .satisfies(v -> assertThat(v.node()).isEqualTo("node03"));
        assertThat(vm.await().running(WAIT).value().node()).contains("node03");
        vm.delete(DeleteOptions.defaults().purgeStorage(true));
    }

    @Test
    void theDisksNode_pinsTheVolume_andAFullNodeIsRefusedBeforeAnythingIsCreated() throws Exception {
        occupy("node02", 5);
        cluster.requests().reset();

        NodeFullException full = catchThrowableOfType(NodeFullException.class, () -> edge.vms().deploy(vm("pinned-vm")
                .rootDisk(UploadedDisk.of(work.resolve("pinned-vm.img")).size("1Gi").node("node02")).build()));

        assertThat(full.node()).isEqualTo("node02");
        assertThat(full.limit()).isEqualTo(6);
        assertThat(cluster.requests().writes()).isZero();
    }

    @Test
    void volumesLeftOnAnotherNode_conflictWithTheNodeAskedFor() throws Exception {
        VmSpec spec = vm("moved-vm").node("node01").build();
        pool.allocate("node03", VolumeOwner.of("default", "moved-vm"), Quantity.parse("2Gi"), ClaimRef.of("default", "moved-vm-rootdisk"));
        cluster.requests().reset();

        InvalidSpecException conflict = catchThrowableOfType(InvalidSpecException.class, () -> edge.vms().deploy(spec));

        assertThat(conflict.violations()).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("disks[rootdisk].node");
            assertThat(v.message()).contains("node01", "node03", "node03-vol0");
        });
        assertThat(cluster.requests().writes()).isZero();
    }
}
