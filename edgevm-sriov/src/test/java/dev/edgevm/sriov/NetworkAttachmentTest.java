package dev.edgevm.sriov;

import static dev.edgevm.sriov.RunbookSriov.NETWORK;
import static dev.edgevm.sriov.RunbookSriov.NS;
import static dev.edgevm.sriov.RunbookSriov.VF;
import static dev.edgevm.sriov.RunbookSriov.VM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.ConflictException;
import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.model.multus.NetworkAttachmentDefinition;
import dev.edgevm.kubevirt.model.multus.NetworkAttachmentDefinitionSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** NetworkAttachmentDefinitions: created when missing, checked when present, never overwritten. */
class NetworkAttachmentTest {

    private EmbeddedEdgeCluster cluster;
    private KubernetesClient client;
    private EdgeVm edge;
    private EdgeSriov sriov;

    @BeforeEach
    void start() {
        cluster = RunbookSriov.cluster().start();
        client = cluster.client();
        edge = EdgeVm.using(client);
        sriov = EdgeSriov.of(edge);
    }

    @AfterEach
    void stop() {
        edge.close();
        cluster.close();
    }

    @Test
    void ensureNetwork_createsOnce_andThenOnlyReads() {
        sriov.ensureNetwork(SriovNetwork.builder().name(NETWORK).resource(VF).vlan(100).build());
        cluster.requests().reset();

        NetworkAttachmentDefinition again = sriov.ensureNetwork(SriovNetwork.builder().name(NETWORK).resource(VF).vlan(100).build());

        assertThat(cluster.requests().writes()).isZero();
        assertThat(again.getSpec().config()).contains("\"vlan\":100");
    }

    @Test
    void ensureNetwork_reportsAMismatch_andLeavesTheExistingOneAsItIs() {
        sriov.ensureNetwork(SriovNetwork.builder().name(NETWORK).resource(VF).vlan(100).build());
        String before = stored().getMetadata().getResourceVersion();
        cluster.requests().reset();

        ConflictException mismatch = catchThrowableOfType(ConflictException.class,
                () -> sriov.ensureNetwork(SriovNetwork.of(NETWORK, "intel.com/intel_sriov_netdevice")));

        assertThat(mismatch.getMessage()).isEqualTo("NetworkAttachmentDefinition default/sriov-openness-vm exists but"
                + " its k8s.v1.cni.cncf.io/resourceName is 'intel.com/intel_sriov_vm' instead of 'intel.com/intel_sriov_netdevice';"
                + " its VLAN is 100 instead of 0; it is left as it is: fix it or use another network name");
        assertThat(cluster.requests().writes()).isZero();
        assertThat(stored().getMetadata().getResourceVersion()).isEqualTo(before);
    }

    @Test
    void deploy_onAnExistingNetworkOfAnotherKind_isRefusedNamingTheDifferences_andWritesNothing() {
        NetworkAttachmentDefinition macvlan = new NetworkAttachmentDefinition();
        macvlan.setMetadata(new ObjectMetaBuilder().withName(NETWORK).withNamespace(NS).build());
        macvlan.setSpec(new NetworkAttachmentDefinitionSpec("{\"cniVersion\":\"0.3.1\",\"type\":\"macvlan\",\"master\":\"eth1\"}"));
        client.resources(NetworkAttachmentDefinition.class).inNamespace(NS).resource(macvlan).create();
        cluster.requests().reset();

        ConflictException refused = catchThrowableOfType(ConflictException.class,
                () -> edge.vms().deploy(RunbookSriov.debian(VM).build()));

        assertThat(refused.getMessage()).contains("NetworkAttachmentDefinition default/sriov-openness-vm (NIC sriov-openness-vm)")
                .contains("its k8s.v1.cni.cncf.io/resourceName is not set instead of '" + VF + "'")
                .contains("its CNI type is 'macvlan' instead of 'sriov'");
        assertThat(cluster.requests().writes()).isZero();
        assertThat(stored().getSpec().config()).contains("macvlan");
    }

    @Test
    void deploy_onAnSriovNetworkWithIpam_isRefused_forTheGuestConfiguresItsOwnAddress() {
        NetworkAttachmentDefinition withIpam = new NetworkAttachmentDefinition();
        withIpam.setMetadata(new ObjectMetaBuilder().withName(NETWORK).withNamespace(NS).addToAnnotations("k8s.v1.cni.cncf.io/resourceName", VF).build());
        withIpam.setSpec(new NetworkAttachmentDefinitionSpec("{\"cniVersion\":\"0.3.1\",\"type\":\"sriov\","
                + "\"ipam\":{\"type\":\"whereabouts\",\"range\":\"192.168.100.0/24\"}}"));
        client.resources(NetworkAttachmentDefinition.class).inNamespace(NS).resource(withIpam).create();
        cluster.requests().reset();

        ConflictException refused = catchThrowableOfType(ConflictException.class,
                () -> edge.vms().deploy(RunbookSriov.debian(VM).build()));

        assertThat(refused.getMessage()).contains("NetworkAttachmentDefinition default/sriov-openness-vm (NIC sriov-openness-vm)")
                .contains("its CNI config has IPAM (whereabouts)");
        assertThat(cluster.requests().writes()).isZero();
    }

    @Test
    void deploy_onAMissingNetworkWithoutResource_isInvalid_andWritesNothing() {
        cluster.requests().reset();

        InvalidSpecException invalid = catchThrowableOfType(InvalidSpecException.class, () -> edge.vms().deploy(
                RunbookSriov.debian(VM).networks(java.util.List.of()).sriovNic(n -> n.network(NETWORK).address("192.168.100.2/24")).build()));

        assertThat(invalid.violations()).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("networks[sriov-openness-vm].resource");
            assertThat(v.message()).contains("does not exist").contains("intel.com/intel_sriov_vm");
        });
        assertThat(cluster.requests().writes()).isZero();
    }

    @Test
    void deployThatFailsLater_removesTheNetworkItCreated() {
        // a Secret of the VM's cloud-init name that edgevm did not make: deploy stops there
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName(VM + "-cloudinit").endMetadata()
                .addToStringData("userdata", "#cloud-config\n").build()).create();

        ConflictException refused = catchThrowableOfType(ConflictException.class, () -> edge.vms().deploy(RunbookSriov.debian(VM).build()));

        assertThat(refused.getMessage()).contains("was not created by edgevm");
        assertThat(client.resources(NetworkAttachmentDefinition.class).inNamespace(NS).withName(NETWORK).get()).isNull();
    }

    private NetworkAttachmentDefinition stored() {
        return client.resources(NetworkAttachmentDefinition.class).inNamespace(NS).withName(NETWORK).get();
    }
}
