package dev.edgevm.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.sriov.EdgeSriov;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SriovWalkthroughTest {

    @Test
    void walksTheRunbooksSriovVm_fromBindingTheVfToDeletingTheVm() {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(2)
                .node("node01", n -> n.unboundVfs(SriovWalkthrough.VF, 1).allocatable("hugepages-2Mi", "8Gi")).start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();

            String node = SriovWalkthrough.nodeListing(EdgeSriov.of(edge), SriovWalkthrough.VF);
            String bound = SriovWalkthrough.bindFirstVf(cluster, node);
            SriovWalkthrough.run(edge, Optional.of(node), new PrintStream(printed, true, StandardCharsets.UTF_8));

            assertThat(node).as("the node the inventory lists the VF on").isEqualTo("node01");
            assertThat(bound).isEqualTo("bound 0000:18:02.0 to vfio-pci on node01");
            assertThat(printed.toString(StandardCharsets.UTF_8).lines()).satisfiesExactly(
                    l -> assertThat(l).isEqualTo("node01 intel.com/intel_sriov_vm: 1 free (capacity 1, allocatable 1, used 0)"),
                    l -> assertThat(l).matches("debian-sriov-vm Running on node01; sriov-openness-vm \\(MAC ([0-9a-f]{2}:){5}[0-9a-f]{2}\\)"
                            + " has \\[192\\.168\\.100\\.2]"),
                    l -> assertThat(l).isEqualTo("refused: node01: 0 of intel.com/intel_sriov_vm free, needs 1 (allocatable 1, used 1)"),
                    l -> assertThat(l).isEqualTo("refused: node02: no intel.com/intel_sriov_vm"),
                    l -> assertThat(l).isEqualTo("deleted; free: intel.com/intel_sriov_vm: 1 free on [node01]"));
            assertThat(edge.vms().list()).isEmpty();
        }
    }

    @Test
    void withoutBeingAsked_leavesTheDevicePluginAlone() {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(2)
                .node("node01", n -> n.allocatable(SriovWalkthrough.VF, "1").allocatable("hugepages-2Mi", "8Gi")).start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            cluster.requests().reset();

            SriovWalkthrough.run(edge, Optional.empty(), new PrintStream(printed, true, StandardCharsets.UTF_8));

            assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("debian-sriov-vm Running on node01");
            assertThat(cluster.requests().list()).as("pods deleted").noneMatch(r -> r.isFor("pods") && r.method().equals("DELETE"));
        }
    }
}
