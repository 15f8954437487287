package dev.edgevm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.model.multus.NetworkAttachmentDefinition;
import dev.edgevm.sriov.EdgeSriov;
import dev.edgevm.sriov.SriovNetwork;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code edgevm sriov restart-device-plugin} and {@code sriov availability}: the runbook's SR-IOV
 * steps 2 and 3 (delete the device plugin's pod, "wait a few seconds", read the node's allocatable)
 * on a node whose VF is bound to vfio-pci after the plugin started.
 */
class SriovCommandsTest {

    private static final String VF = "intel.com/intel_sriov_vm";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Shared by the tests that change nothing. */
    private static EmbeddedEdgeCluster shared;

    @BeforeAll
    static void startCluster() {
        shared = EmbeddedEdgeCluster.builder().nodes(2).node("node01", n -> n.allocatable(VF, "1").allocatable("hugepages-2Mi", "8Gi")).start();
    }

    @AfterAll
    static void stopCluster() {
        shared.close();
    }

    @BeforeEach
    void forgetRequests() {
        shared.requests().reset();
    }

    @Test
    void restart_afterAVfIsBound_returnsOnceTheNodeReportsIt_andAvailabilityShowsItFree() throws IOException {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(2)
                .node("node01", n -> n.unboundVfs(VF, 1).allocatable("hugepages-2Mi", "8Gi")).start()) {
            Cli.Result before = Cli.on(cluster, "sriov", "availability", VF);
            assertThat(before.exitCode()).as(before.toString()).isZero();
            assertThat(before.out()).containsPattern("node01\\s+" + VF + "\\s+0\\s+0\\s+0\\s+0\\n");
            bindTheFirstVfToVfioPci(cluster, "node01");
            String oldPlugin = devicePlugin(cluster, "node01").getMetadata().getName();

            Cli.Result restart = Cli.on(cluster, "sriov", "restart-device-plugin", "node01", "--timeout", "2m");

            assertThat(restart.exitCode()).as(restart.toString()).isZero();
            assertThat(restart.out()).containsPattern("^device plugin on node01 restarted after \\d+\\.\\ds; the node reports:\n")
                    .containsPattern("NODE\\s+RESOURCE\\s+CAPACITY\\s+ALLOCATABLE\\s+USED\\s+FREE\\n")
                    .containsPattern("node01\\s+" + VF + "\\s+1\\s+1\\s+0\\s+1\\n");
            assertThat(devicePlugin(cluster, "node01").getMetadata().getName()).as("the plugin's new pod").isNotEqualTo(oldPlugin);

            Cli.Result after = Cli.on(cluster, "-o", "json", "sriov", "availability", VF);
            assertThat(after.exitCode()).as(after.toString()).isZero();
            JsonNode rows = JSON.readTree(after.out());
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).get("node").asString()).isEqualTo("node01");
            assertThat(rows.get(0).get("resource").asString()).isEqualTo(VF);
            assertThat(rows.get(0).get("free").asLong()).isEqualTo(1);
            assertThat(rows.get(0).get("capacity").asLong()).isEqualTo(1);
        }
    }

    /** A node whose VFs a network names: the restart waits until the node reports as many again as before. */
    @Test
    void restart_asYaml_namesTheNodeAndItsResources() {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(1)
                .node("node01", n -> n.allocatable(VF, "1").allocatable("hugepages-2Mi", "8Gi")).start()) {
            try (EdgeVm edge = EdgeVm.using(cluster.client())) {
                EdgeSriov.of(edge).ensureNetwork(SriovNetwork.of("sriov-openness-vm", VF));
            }

            Cli.Result r = Cli.on(cluster, "sriov", "restart-device-plugin", "node01", "-o", "yaml", "--timeout", "2m");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("node: \"node01\"").contains("elapsedSeconds: ").contains("resource: \"" + VF + "\"")
                    .contains("free: 1");
        }
    }

    @Test
    void availability_withoutAResource_listsThoseTheNetworksName() {
        Cli.Result none = Cli.on(shared, "sriov", "availability");
        assertThat(none.exitCode()).as(none.toString()).isZero();
        assertThat(none.err()).isEqualTo("No node advertises an SR-IOV resource (one a NetworkAttachmentDefinition names).\n");
        assertThat(none.out()).isEmpty();

        try (EdgeVm edge = EdgeVm.using(shared.client())) {
            EdgeSriov.of(edge).ensureNetwork(SriovNetwork.of("sriov-openness-vm", VF));
        }
        try {
            Cli.Result named = Cli.on(shared, "sriov", "availability");

            assertThat(named.exitCode()).as(named.toString()).isZero();
            assertThat(named.out()).containsPattern("node01\\s+" + VF + "\\s+1\\s+1\\s+0\\s+1\\n");
        } finally {
            shared.client().resources(NetworkAttachmentDefinition.class).inNamespace("default").withName("sriov-openness-vm").delete();
        }
    }

    @Test
    void badFlags_areNamedAllAtOnce_beforeAnyRequest() {
        Cli.Result restart = Cli.on(shared, "sriov", "restart-device-plugin", "Node_01", "--selector", "app", "--timeout", "0s");
        Cli.Result availability = Cli.on(shared, "sriov", "availability", "sriov_vm");

        assertThat(restart.exitCode()).as(restart.toString()).isEqualTo(2);
        assertThat(restart.err()).startsWith("error: Invalid sriov restart-device-plugin: 3 problems")
                .contains("  - NODE: 'Node_01' is not a node name").contains("  - --timeout: must be longer than 0")
                .contains("  - --selector: 'app' is not a label requirement key=value").doesNotContain("\tat ");
        assertThat(availability.exitCode()).as(availability.toString()).isEqualTo(2);
        assertThat(availability.err()).startsWith("error: Invalid sriov availability: 1 problem")
                .contains("  - RESOURCE: 'sriov_vm' is not a device plugin resource name");
        assertThat(shared.requests().count()).isZero();
    }

    @Test
    void restart_whereNoDevicePluginRuns_orWithALabelNoPodHas_namesTheNodeAndTheLabel() {
        Cli.Result node02 = Cli.on(shared, "sriov", "restart-device-plugin", "node02", "--timeout", "1m");
        Cli.Result operatorLabel = Cli.on(shared, "sriov", "restart-device-plugin", "node01", "--selector", "app=sriov-device-plugin");

        assertThat(node02.exitCode()).as(node02.toString()).isEqualTo(1);
        assertThat(node02.err()).startsWith("error: ").contains("node02").contains("app=sriovdp").doesNotContain("\tat ");
        assertThat(operatorLabel.exitCode()).as(operatorLabel.toString()).isEqualTo(1);
        assertThat(operatorLabel.err()).contains("node01").contains("app=sriov-device-plugin");
        assertThat(shared.requests().list()).noneMatch(r -> r.isFor("pods") && "DELETE".equals(r.method()));
    }

    /** The runbook's step 1 on the node, {@code dpdk-devbind.py --bind=vfio-pci <address>}: the VF moves to vfio-pci's directory. */
    private static void bindTheFirstVfToVfioPci(EmbeddedEdgeCluster cluster, String node) throws IOException {
        Path drivers = cluster.nodeRoot(node).resolve("sys/bus/pci/drivers");
        Path vf;
        try (Stream<Path> unbound = Files.list(drivers.resolve("iavf"))) {
            vf = unbound.sorted().findFirst().orElseThrow(() -> new AssertionError("no VF on iavf on " + node));
        }
        Files.move(vf, drivers.resolve("vfio-pci").resolve(vf.getFileName()));
    }

    private static Pod devicePlugin(EmbeddedEdgeCluster cluster, String node) {
        List<Pod> pods = cluster.client().pods().inAnyNamespace().withLabel("app", "sriovdp").list().getItems().stream()
                .filter(p -> node.equals(p.getSpec().getNodeName()) && p.getMetadata().getDeletionTimestamp() == null).toList();
        assertThat(pods).as("device plugin pods on " + node).hasSize(1);
        return pods.get(0);
    }
}
