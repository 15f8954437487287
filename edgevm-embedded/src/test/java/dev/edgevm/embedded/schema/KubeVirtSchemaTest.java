package dev.edgevm.embedded.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.Kube;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The VMs, VMIs and the KubeVirt CR the embedded KubeVirt writes, as a client reads them,
 * validate strictly against KubeVirt's OpenAPI document: no field KubeVirt does not have.
 */
class KubeVirtSchemaTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String NS = "default";
  private static EmbeddedEdgeCluster cluster;
  private static KubernetesClient client;
  private static StrictSchema kubevirt;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Files.isRegularFile(StrictSchema.directory().resolve("kubevirt-openapi-v2.json")),
        "the API schemas are not in " + StrictSchema.directory().toAbsolutePath() + " (system property"
            + " edgevm.schemas.dir): cannot check objects against them");
    kubevirt = StrictSchema.load("kubevirt-openapi-v2.json");
    cluster = EmbeddedEdgeCluster.builder().nodes(2).start();
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void runningAndPausedVmAndVmi_matchTheSchema() {
    Kube.create(client, Kube.VMS, NS, Kube.cirros("checked", "Always"));
    Kube.awaitStatus(client, NS, "checked", "Running");
    Kube.await(client, Kube.VMS, NS, "checked", vm -> Boolean.TRUE.equals(Kube.at(vm, "status", "ready")));

    assertValid(Kube.get(client, Kube.VMS, NS, "checked"), "v1.VirtualMachine");
    assertValid(Kube.get(client, Kube.VMIS, NS, "checked"), "v1.VirtualMachineInstance");

    Kube.vmiSubresource(client, NS, "checked", "pause", null);
    Kube.awaitStatus(client, NS, "checked", "Paused");
    assertValid(Kube.get(client, Kube.VMS, NS, "checked"), "v1.VirtualMachine");
    assertValid(Kube.get(client, Kube.VMIS, NS, "checked"), "v1.VirtualMachineInstance");
  }

  @Test
  void stoppedAndUnschedulableVms_matchTheSchema() {
    Kube.create(client, Kube.VMS, NS, Kube.cirros("halted", "Manual"));
    Kube.vmSubresource(client, NS, "halted", "start", null);
    GenericKubernetesResource vm = Kube.cirros("nowhere", "Always");
    Map<String, Object> spec = vm.get("spec", "template", "spec");
    spec.put("nodeSelector", Map.of("kubernetes.io/hostname", "node99"));
    Kube.create(client, Kube.VMS, NS, vm);
    Kube.awaitStatus(client, NS, "nowhere", "ErrorUnschedulable");
    Kube.awaitStatus(client, NS, "halted", "Running");
    Kube.vmSubresource(client, NS, "halted", "stop", null);
    Kube.awaitStatus(client, NS, "halted", "Stopped");

    assertValid(Kube.get(client, Kube.VMS, NS, "halted"), "v1.VirtualMachine");
    assertValid(Kube.get(client, Kube.VMS, NS, "nowhere"), "v1.VirtualMachine");
    assertValid(Kube.get(client, Kube.VMIS, NS, "nowhere"), "v1.VirtualMachineInstance");
  }

  @Test
  void theKubeVirtCr_matchesTheSchema() {
    ResourceDefinitionContext kubevirts = new ResourceDefinitionContext.Builder().withGroup("kubevirt.io")
        .withVersion("v1").withPlural("kubevirts").withKind("KubeVirt").withNamespaced(true).build();

    GenericKubernetesResource kubeVirt = Kube.get(client, kubevirts, "kubevirt", "kubevirt");
    assertValid(kubeVirt, "v1.KubeVirt");

    // the check can fail: a field KubeVirt does not know is reported
    tools.jackson.databind.node.ObjectNode tampered = (tools.jackson.databind.node.ObjectNode) JSON.readTree(
        Serialization.asJson(kubeVirt));
    ((tools.jackson.databind.node.ObjectNode) tampered.get("status")).put("mood", "happy");
    assertThat(kubevirt.violations(tampered, "v1.KubeVirt")).singleElement().asString().contains("mood");
  }

  private static void assertValid(GenericKubernetesResource object, String definition) {
    JsonNode tree = JSON.readTree(Serialization.asJson(object));
    assertThat(kubevirt.violations(tree, definition)).as(definition + " " + object.getMetadata().getName()).isEmpty();
  }
}
