package dev.edgevm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code edgevm doctor}: a table of checks, how to fix what failed, what --fix did; exit 1 while something fails. */
class DoctorCommandTest {

    @Test
    void stuckNamespace_isAFailure_thatFixClears() throws Exception {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().start()) {
            RunbookTrouble.removeKubevirtInTheWrongOrder(cluster.client());

            Cli.Result looked = Cli.on(cluster, "doctor");

            assertThat(looked.exitCode()).as(looked.toString()).isEqualTo(1);
            assertThat(looked.out()).startsWith("CHECK").containsPattern("stuck-namespaces\\s+FAIL\\s+namespace kubevirt is Terminating")
                    .contains("To fix:\n").contains("  stuck-namespaces: edgevm doctor --fix clears the finalizers of kubevirt")
                    .doesNotContain("Done by --fix");
            assertThat(cluster.client().namespaces().withName("kubevirt").get()).isNotNull();

            Cli.Result fixed = Cli.on(cluster, "doctor", "--fix");

            assertThat(fixed.out()).containsPattern("stuck-namespaces\\s+OK\\s+no namespace is stuck any more")
                    .contains("Done by --fix:\n  stuck-namespaces: cleared the finalizers of namespace kubevirt");
            assertThat(cluster.client().namespaces().withName("kubevirt").get()).isNull();
        }
    }

    @Test
    void blockAllIngress_isReportedForTheNamespacesVms_asJson() {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().namespace("edge").start()) {
            Cli.on(cluster, "deploy", "-n", "edge", "--name", "centos-vm", "--memory", "1Gi", "--claim", "centos-dv");
            cluster.client().network().v1().networkPolicies().inNamespace("edge").resource(new NetworkPolicyBuilder()
                    .withNewMetadata().withName("block-all-ingress").endMetadata()
                    .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress").endSpec().build()).create();

            Cli.Result r = Cli.on(cluster, "doctor", "-n", "edge", "-o", "json");

            JsonNode results = JsonMapper.builder().build().readTree(r.out());
            JsonNode ingress = null;
            for (JsonNode result : results) {
                if (result.get("check").asString().equals("vm-ingress")) {
                    ingress = result;
                }
            }
            assertThat(ingress).as(r.toString()).isNotNull();
            assertThat(ingress.get("status").asString()).isEqualTo("WARN");
            assertThat(ingress.get("finding").asString())
                    .isEqualTo("NetworkPolicy edge/block-all-ingress blocks all ingress (VMs: centos-vm)");
            assertThat(ingress.get("fix").asString()).contains("remove NetworkPolicy block-all-ingress in namespace edge");
        }
    }
}
