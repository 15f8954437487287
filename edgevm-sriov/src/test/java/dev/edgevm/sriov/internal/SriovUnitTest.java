package dev.edgevm.sriov.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.core.Toleration;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.kubevirt.model.multus.NetworkAttachmentDefinition;
import dev.edgevm.kubevirt.model.multus.NetworkAttachmentDefinitionSpec;
import dev.edgevm.sriov.NodeVfs;
import dev.edgevm.sriov.SriovNetwork;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SriovUnitTest {

    private static final String VF = "intel.com/intel_sriov_vm";

    private static Node node(String name, String vfs) {
        return new NodeBuilder().withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name)
                .addToLabels("kubevirt.io/schedulable", "true").endMetadata()
                .withNewStatus().addToCapacity(VF, new Quantity(vfs)).addToAllocatable(VF, new Quantity(vfs))
                .addToCapacity("nvidia.com/gpu", new Quantity("2")).addToAllocatable("nvidia.com/gpu", new Quantity("2"))
                .addToAllocatable("hugepages-2Mi", new Quantity("8Gi")).addToAllocatable("cpu", new Quantity("16")).endStatus().build();
    }

    private static Pod launcher(String node, String phase) {
        return new PodBuilder().withNewMetadata().withName("virt-launcher-x").endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("compute").withNewResources()
                .addToLimits(VF, new Quantity("1")).addToRequests("hugepages-2Mi", new Quantity("4Gi")).endResources().endContainer().endSpec()
                .withNewStatus().withPhase(phase).endStatus().build();
    }

    @Test
    void inventory_countsWhatUnfinishedPodsRequest() {
        VfInventory inventory = new VfInventory(List.of(node("node01", "2"), node("node02", "0")),
                List.of(launcher("node01", "Running"), launcher("node01", "Succeeded")));

        List<NodeVfs> vfs = inventory.sriovResources(Set.of(VF));

        assertThat(vfs.get(0).resource(VF).orElseThrow().free()).isEqualTo(1);
        assertThat(vfs.get(0).resource(VF).orElseThrow().used()).isEqualTo(1);
        assertThat(vfs.get(1).resource(VF).orElseThrow().free()).isZero();
        assertThat(vfs.get(0).resources()).as("a GPU is a device resource, not an SR-IOV VF").containsOnlyKeys(VF);
        assertThat(inventory.deviceResources().get(0).resources()).containsOnlyKeys(VF, "nvidia.com/gpu");
        assertThat(inventory.sriovResources(Set.of()).get(0).resources()).as("no network names the VF resource").isEmpty();
        assertThat(inventory.count(node("node01", "2"), "hugepages-2Mi").free()).isEqualTo(4L << 30);
    }

    @Test
    void inventory_countsAPodBeingDeleted_untilItHasFinished_asTheSchedulerDoes() {
        Pod terminating = new PodBuilder(launcher("node01", "Running")).editMetadata().withNamespace("default")
                .withName("virt-launcher-old-abcde").withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata().build();
        Pod finishedWhileDeleted = new PodBuilder(launcher("node01", "Succeeded")).editMetadata().withNamespace("default")
                .withName("virt-launcher-older-fghij").withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata().build();
        VfInventory inventory = new VfInventory(List.of(node("node01", "1")), List.of(terminating, finishedWhileDeleted));

        assertThat(inventory.used("node01", VF)).isEqualTo(1);
        assertThat(inventory.terminatingHolders("node01", VF)).containsExactly(Map.entry("default/virt-launcher-old-abcde", 1L));
        assertThat(inventory.terminatingHolders("node01", "hugepages-2Mi")).containsExactly(
                Map.entry("default/virt-launcher-old-abcde", 4L << 30));
        assertThat(inventory.terminatingHolders("node02", VF)).isEmpty();
    }

    @Test
    void nad_hasTheResourceAnnotation_sriovConfig_vlan_andNoIpam() {
        NetworkAttachmentDefinition nad = NetworkAttachments.render(
                SriovNetwork.builder().name("sriov-openness-vm").resource(VF).vlan(100).build(), "default");

        assertThat(nad.getMetadata().getAnnotations()).containsEntry("k8s.v1.cni.cncf.io/resourceName", VF);
        assertThat(nad.getSpec().config()).contains("\"type\":\"sriov\"").contains("\"vlan\":100").doesNotContain("ipam");
        assertThat(NetworkAttachments.differences(VF, OptionalInt.of(0), nad)).containsExactly("its VLAN is 100 instead of 0");
        assertThat(NetworkAttachments.differences(VF, OptionalInt.empty(), nad)).as("a NIC without VLAN takes the network's").isEmpty();
        assertThat(NetworkAttachments.differences("intel.com/other", OptionalInt.of(100), nad))
                .containsExactly("its k8s.v1.cni.cncf.io/resourceName is 'intel.com/intel_sriov_vm' instead of 'intel.com/other'");
        NetworkAttachmentDefinition withIpam = NetworkAttachments.render(SriovNetwork.of("sriov-openness-vm", VF), "default");
        withIpam.setSpec(new NetworkAttachmentDefinitionSpec(withIpam.getSpec().config()
                .replace("\"type\":\"sriov\"", "\"type\":\"sriov\",\"ipam\":{\"type\":\"host-local\",\"subnet\":\"192.168.100.0/24\"}")));
        assertThat(NetworkAttachments.differences(VF, OptionalInt.empty(), withIpam)).singleElement().asString()
                .startsWith("its CNI config has IPAM (host-local)");
        nad.getMetadata().getAnnotations().clear();
        assertThat(NetworkAttachments.differences(null, OptionalInt.empty(), nad))
                .containsExactly("its k8s.v1.cni.cncf.io/resourceName is not set");
    }

    @Test
    void eligibility_followsPinningSelectorsTaintsAndTolerations() {
        Node tainted = new NodeBuilder(node("node03", "1")).editSpec().addNewTaint().withKey("cmk").withEffect("NoSchedule").endTaint().endSpec().build();
        VmSpec.Builder vm = VmSpec.builder().name("vm").memory("1Gi").rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo"));

        assertThat(NodeEligibility.excluded(vm.build(), node("node01", "1"))).isEmpty();
        assertThat(NodeEligibility.excluded(vm.build(), tainted)).hasValueSatisfying(r -> assertThat(r).contains("cmk"));
        assertThat(NodeEligibility.excluded(vm.toleration(Toleration.exists("cmk", "NoSchedule")).build(), tainted)).isEmpty();
        Node withoutHandler = new NodeBuilder(node("node04", "1")).editMetadata().addToLabels("kubevirt.io/schedulable", "false").endMetadata().build();
        assertThat(NodeEligibility.excluded(vm.build(), withoutHandler)).hasValueSatisfying(r -> assertThat(r).contains("virt-handler"));
        assertThat(NodeEligibility.excluded(vm.node("node02").build(), node("node01", "1"))).isPresent();
        assertThat(NodeEligibility.excluded(VmSpec.builder().name("vm").memory("1Gi").nodeSelector(Map.of("disk", "ssd"))
                .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo")).build(), node("node01", "1"))).isPresent();
    }
}
