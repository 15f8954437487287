package dev.edgevm.embedded.kubevirt;

import static dev.edgevm.embedded.Kube.VMIS;
import static dev.edgevm.embedded.Kube.VMS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EnableEmbeddedEdgeCluster;
import dev.edgevm.embedded.Kube;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A namespace whose Pod Security level refuses the virt-launcher pod: the VMI says why, in KubeVirt's words. */
@EnableEmbeddedEdgeCluster
class LauncherPodRefusedTest {

  static KubernetesClient client;

  @Test
  void aRestrictedNamespace_refusesTheLauncherPod_andTheVmiReportsTheRefusal() {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("locked")
        .addToLabels("pod-security.kubernetes.io/enforce", "restricted").endMetadata().build()).create();

    Kube.create(client, VMS, "locked", Kube.cirros("refused", "Always"));

    GenericKubernetesResource vmi = Kube.await(client, VMIS, "locked", "refused", v -> v != null
        && v.get("status", "conditions") instanceof List<?> conditions
        && conditions.stream().anyMatch(c -> "Synchronized".equals(((Map<?, ?>) c).get("type"))));
    Map<String, Object> synced = SchedulingTest.condition(vmi, "Synchronized");
    assertThat(synced).containsEntry("status", "False").containsEntry("reason", "FailedCreate");
    assertThat((String) synced.get("message")).startsWith("failed to create virtual machine pod: pods \"virt-launcher-refused-")
        .contains("is forbidden: violates PodSecurity \"restricted:latest\": ");
    Event event = Kube.awaitEvent(client, "locked", e -> "FailedCreate".equals(e.getReason()));
    assertThat(event.getMessage()).startsWith("Error creating pod: pods \"virt-launcher-refused-");
    assertThat(client.pods().inNamespace("locked").list().getItems()).isEmpty();
  }
}
