package dev.edgevm.sriov.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.doctor.CheckResult;
import dev.edgevm.kubevirt.doctor.CheckStatus;
import dev.edgevm.sriov.EdgeSriov;
import dev.edgevm.sriov.SriovNetwork;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

/** The doctor's SR-IOV check, contributed by this module, on the embedded cluster. */
class SriovResourcesCheckTest {

    @Test
    void isPartOfTheDoctor_andCountsFreeVfsPerNode() {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(2)
                .node("node01", n -> n.allocatable("intel.com/intel_sriov_vm", "2").allocatable("nvidia.com/gpu", "1")).start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            EdgeSriov.of(edge).ensureNetwork(SriovNetwork.of("sriov-openness-vm", "intel.com/intel_sriov_vm"));

            CheckResult result = result(edge);

            assertThat(result.status()).as(result.toString()).isEqualTo(CheckStatus.OK);
            assertThat(result.finding()).isEqualTo("node01 intel.com/intel_sriov_vm: 2 of 2 free");
        }
    }

    @Test
    void advertisedButNotAllocatable_isAWarningWithTheNodeSideFix() {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder()
                .node("node01", n -> n.allocatable("intel.com/intel_sriov_vm", "1")).start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            // The device plugin still counts the VF but cannot hand it out: allocatable drops to 0.
            Node node = cluster.client().nodes().withName("node01").get();
            node.getStatus().getAllocatable().put("intel.com/intel_sriov_vm", new Quantity("0"));
            cluster.client().nodes().resource(node).updateStatus();
            EdgeSriov.of(edge).configure(c -> c.resource("intel.com/intel_sriov_vm")); // no network names it yet

            CheckResult result = result(edge);

            assertThat(result.status()).isEqualTo(CheckStatus.WARN);
            assertThat(result.finding()).isEqualTo("node01 intel.com/intel_sriov_vm: 1 advertised, 0 allocatable");
            assertThat(result.fix()).hasValueSatisfying(f -> assertThat(f).contains("vfio-pci").contains("restart"));
        }
    }

    @Test
    void clusterWithoutSriov_isSkippedWithTheReason_evenWithAnotherVendorsDevices() {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().node("node01", n -> n.allocatable("nvidia.com/gpu", "1")).start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            CheckResult result = result(edge);

            assertThat(result.status()).isEqualTo(CheckStatus.SKIPPED);
            assertThat(result.finding()).startsWith("no node advertises an SR-IOV device plugin resource");
        }
    }

    private static CheckResult result(EdgeVm edge) {
        return edge.doctor().run().results().stream().filter(r -> r.check().equals("sriov-resources")).findFirst()
                .orElseThrow(() -> new AssertionError("the doctor did not run sriov-resources"));
    }
}
