package dev.edgevm.sriov;

import static dev.edgevm.sriov.RunbookSriov.NETWORK;
import static dev.edgevm.sriov.RunbookSriov.NS;
import static dev.edgevm.sriov.RunbookSriov.VF;
import static dev.edgevm.sriov.RunbookSriov.VM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.PreflightException;
import dev.edgevm.core.UnschedulableException;
import dev.edgevm.core.VmSpec;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.VmInterface;
import dev.edgevm.kubevirt.VmManifests;
import dev.edgevm.kubevirt.VmStatus;
import dev.edgevm.kubevirt.model.multus.NetworkAttachmentDefinition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The runbook's "VM deployment with SRIOV NIC support", through the SDK on the embedded cluster:
 * the network, the Debian VM on the node's only VF with its guest NIC configured by cloud-init,
 * and a second VM that the only VF cannot serve.
 */
class SriovWalkthroughTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void debianVm_runsOnTheVfNode_withTheAddressItsNetworkDataGives() throws Exception {
        try (EmbeddedEdgeCluster cluster = RunbookSriov.cluster().start(); EdgeVm edge = EdgeVm.using(cluster.client())) {
            KubernetesClient client = cluster.client();
            EdgeSriov sriov = EdgeSriov.of(edge);

            // step 3: the VF is allocatable on node01
            assertThat(sriov.availability(VF).nodesWithFree()).containsExactly("node01");
            // the network the VF is attached through
            NetworkAttachmentDefinition nad = sriov.ensureNetwork(SriovNetwork.of(NETWORK, VF));
            assertThat(nad.getMetadata().getAnnotations()).containsEntry("k8s.v1.cni.cncf.io/resourceName", VF);
            NetworkAttachmentDefinition stored = client.resources(NetworkAttachmentDefinition.class).inNamespace(NS).withName(NETWORK).get();
            assertThat(stored.getSpec().config()).contains("\"type\":\"sriov\"").doesNotContain("ipam");

            // steps 4-5: create the VM, start it
            DeployedVm vm = edge.vms().deploy(RunbookSriov.debian(VM).build());
            vm.start();
            VmStatus running = vm.await().running(WAIT).value();

            assertThat(running.node()).hasValue("node01");
            // steps 6-8 are gone: the VMI reports the SR-IOV NIC with the address its network data sets
            VmInterface nic = running.interfaces().stream().filter(i -> i.name().equals(NETWORK)).findFirst().orElseThrow();
            assertThat(nic.ipAddresses()).containsExactly("192.168.100.2");
            JsonNode ethernet = networkDataOf(client.secrets().inNamespace(NS).withName(VM + "-cloudinit").get(), nic.mac());
            assertThat(ethernet.path("addresses").get(0).asString()).isEqualTo("192.168.100.2/24");
            assertThat(ethernet.path("routes").get(0).path("via").asString()).isEqualTo("192.168.100.1");
            assertThat(ethernet.path("dhcp4").asBoolean(true)).isFalse();
            // the VF and the hugepages are the launcher pod's, as KubeVirt derives them
            Map<String, Quantity> requests = launcher(client, VM).getSpec().getContainers().get(0).getResources().getRequests();
            assertThat(requests).containsEntry(VF, new Quantity("1")).containsEntry("hugepages-2Mi", new Quantity("4Gi"));
            assertThat(sriov.availability(VF).totalFree()).isZero();
        }
    }

    /**
     * The same spec, without a namespace, deployed into two namespaces on one SR-IOV network: each
     * VF gets its own MAC, derived from its namespace, and each guest's network data matches it.
     */
    @Test
    void sameNamedVms_inTwoNamespaces_getDifferentMacs_eachMatchedByItsNetworkData() throws Exception {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(1)
                .node("node01", n -> n.allocatable(VF, "2").allocatable("hugepages-2Mi", "8Gi")).start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            VmSpec noNamespace = RunbookSriov.debian(VM).build();
            Map<String, String> macs = new java.util.LinkedHashMap<>();
            for (String ns : List.of("edge", "lab")) {
                cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
                DeployedVm vm = edge.vms().inNamespace(ns).deploy(noNamespace);
                vm.start();
                VmInterface nic = vm.await().running(WAIT).value().interfaces().stream()
                        .filter(i -> i.name().equals(NETWORK)).findFirst().orElseThrow();
                networkDataOf(cluster.client().secrets().inNamespace(ns).withName(VM + "-cloudinit").get(), nic.mac());
                // what render shows for the namespace is what the deploy there made
                assertThat(nic.mac()).isEqualToIgnoringCase(VmManifests.of(noNamespace.toBuilder().namespace(ns).build()).virtualMachine()
                        .getSpec().template().spec().domain().devices().interfaces().get(1).macAddress());
                macs.put(ns, nic.mac());
            }
            assertThat(macs.get("edge")).isNotEqualToIgnoringCase(macs.get("lab"));
        }
    }

    @Test
    void deploy_createsTheMissingNetwork() {
        try (EmbeddedEdgeCluster cluster = RunbookSriov.cluster().start(); EdgeVm edge = EdgeVm.using(cluster.client())) {
            edge.vms().deploy(RunbookSriov.debian(VM).build());

            NetworkAttachmentDefinition nad = cluster.client().resources(NetworkAttachmentDefinition.class).inNamespace(NS).withName(NETWORK).get();
            assertThat(nad).isNotNull();
            assertThat(nad.getMetadata().getAnnotations()).containsEntry("k8s.v1.cni.cncf.io/resourceName", VF);
            assertThat(nad.getSpec().config()).contains("\"type\":\"sriov\"").contains("\"name\":\"" + NETWORK + "\"");
        }
    }

    @Test
    void secondVm_isRefusedBeforeAnythingIsCreated_namingTheNodeAndTheResource() {
        try (EmbeddedEdgeCluster cluster = RunbookSriov.cluster().start(); EdgeVm edge = EdgeVm.using(cluster.client())) {
            runFirstVm(edge);
            cluster.requests().reset();

            PreflightException refused = catchThrowableOfType(PreflightException.class,
                    () -> edge.vms().deploy(RunbookSriov.debian("debian-sriov-vm-2").build()));

            assertThat(refused.getMessage()).isEqualTo(String.join("\n",
                    "No node can run VM default/debian-sriov-vm-2: it needs 1 " + VF + " and 4Gi hugepages-2Mi",
                    "  - node01: 0 of " + VF + " free, needs 1 (allocatable 1, used 1)",
                    "  - node02: no " + VF,
                    "  - node03: has the taint cmk:NoSchedule that the VM does not tolerate",
                    "  fix: bind a VF of the NIC to vfio-pci on the node (dpdk-devbind.py --bind=vfio-pci <VF PCI address>),"
                            + " then restart the SR-IOV device plugin there (EdgeSriov.restartDevicePlugin(node), or delete its pod:"
                            + " kubectl -n kube-system delete pod -l app=sriovdp --field-selector spec.nodeName=<node>);"
                            + " or stop a VM that holds a VF"));
            assertThat(cluster.requests().writes()).as("writes of a refused deploy: %s", cluster.requests().list()).isZero();
            assertThat(edge.vms().withName("debian-sriov-vm-2").exists()).isFalse();
            assertThat(cluster.client().secrets().inNamespace(NS).withName("debian-sriov-vm-2-cloudinit").get()).isNull();
        }
    }

    @Test
    void secondVm_forcedPastPreflight_isUnschedulable_withTheSchedulersMessage() {
        try (EmbeddedEdgeCluster cluster = RunbookSriov.cluster().start(); EdgeVm edge = EdgeVm.using(cluster.client())) {
            runFirstVm(edge);
            VmSpec second = RunbookSriov.debian("debian-sriov-vm-2").build();
            for (HasMetadata object : VmManifests.of(second).all()) {
                cluster.client().resource(object).inNamespace(NS).create();
            }

            edge.vms().withName("debian-sriov-vm-2").start();

            assertThatThrownBy(() -> edge.vms().withName("debian-sriov-vm-2").await().running(WAIT))
                    .isInstanceOf(UnschedulableException.class)
                    .hasMessageContaining("ErrorUnschedulable")
                    .hasMessageContaining("0/3 nodes are available: 1 node(s) had untolerated taint {cmk: }, 2 Insufficient " + VF + ".");
        }
    }

    @Test
    void runbooksMemoryOf4096M_isNotAWholeNumberOfHugepages() {
        InvalidSpecException invalid = catchThrowableOfType(InvalidSpecException.class,
                () -> RunbookSriov.debian(VM).memory("4096M").build());

        assertThat(invalid.violations()).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("memory");
            assertThat(v.message()).contains("not a multiple of the 2Mi hugepage size").contains("3908Mi");
        });
    }

    static void runFirstVm(EdgeVm edge) {
        DeployedVm first = edge.vms().deploy(RunbookSriov.debian(VM).build());
        first.start();
        assertThat(first.await().running(WAIT).value().node()).hasValue("node01");
    }

    private static Pod launcher(KubernetesClient client, String vm) {
        List<Pod> pods = client.pods().inNamespace(NS).withLabel("vm.kubevirt.io/name", vm).list().getItems();
        assertThat(pods).hasSize(1);
        return pods.get(0);
    }

    /** The ethernet of the Secret's cloud-init network data (version 2) that matches the MAC. */
    private static JsonNode networkDataOf(Secret secret, String mac) throws Exception {
        String yaml = new String(Base64.getDecoder().decode(secret.getData().get("networkdata")), StandardCharsets.UTF_8);
        JsonNode doc = YAMLMapper.builder().build().readTree(yaml);
        assertThat(doc.path("version").asInt()).isEqualTo(2);
        for (JsonNode ethernet : doc.path("ethernets")) {
            if (mac.equalsIgnoreCase(ethernet.path("match").path("macaddress").asString(""))) {
                return ethernet;
            }
        }
        throw new AssertionError("no ethernet of the network data matches " + mac + ":\n" + yaml);
    }
}
