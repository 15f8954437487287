package dev.edgevm.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The runbook's troubleshooting item 4: KubeVirt's or CDI's operator deleted before what it
 * cleans up, and their namespace stuck Terminating until its finalizers are cleared by hand.
 */
class StuckNamespacesTest {

  private static final long WAIT_SECONDS = Waits.SECONDS;

  @Test
  void stuckKubevirt_isInstalledFirst_thenHeldByTheKubeVirtObjectWhoseOperatorIsGone() {
    try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(2).stuckNamespace("kubevirt").start()) {
      KubernetesClient client = cluster.client();

      Namespace stuck = awaitConditions(client, "kubevirt", ns -> message(ns, "NamespaceFinalizersRemaining") != null
          && message(ns, "NamespaceDeletionDiscoveryFailure") != null);

      assertThat(stuck.getStatus().getPhase()).isEqualTo("Terminating");
      assertThat(message(stuck, "NamespaceFinalizersRemaining"))
          .isEqualTo("Some content in the namespace has finalizers remaining: foregroundDeleteKubeVirt in 1 resource instances");
      assertThat(message(stuck, "NamespaceContentRemaining"))
          .isEqualTo("Some resources are remaining: kubevirts.kubevirt.io has 1 resource instances");
      assertThat(message(stuck, "NamespaceDeletionDiscoveryFailure")).isEqualTo("Discovery failed for some groups, 1 failing:"
          + " unable to retrieve the complete list of server APIs: subresources.kubevirt.io/v1: the server is currently"
          + " unable to handle the request");
      assertThat(client.pods().inNamespace("kubevirt").list().getItems()).as("the operator went first, the rest with the namespace")
          .isEmpty();
      assertThat(Kube.get(client, Kube.KUBEVIRTS, "kubevirt", "kubevirt")
          .getMetadata().getDeletionTimestamp()).isNotNull();

      finalize(client, "kubevirt");
      client.namespaces().withName("kubevirt").waitUntilCondition(ns -> ns == null, WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Test
  void stuckCdi_isHeldByItsAggregatedApi_whosePodsAreGone_asIsEveryOtherNamespaceDeletion() {
    try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().stuckNamespace("cdi").namespace("team-b").start()) {
      KubernetesClient client = cluster.client();
      String discovery = "Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs:"
          + " upload.cdi.kubevirt.io/v1beta1: the server is currently unable to handle the request";

      Namespace stuck = awaitConditions(client, "cdi", ns -> discovery.equals(message(ns, "NamespaceDeletionDiscoveryFailure")));

      assertThat(stuck.getStatus().getPhase()).isEqualTo("Terminating");
      assertThat(message(stuck, "NamespaceFinalizersRemaining")).isNull();
      assertThat(client.pods().inNamespace("cdi").list().getItems()).isEmpty();

      client.namespaces().withName("team-b").delete();
      assertThat(message(awaitConditions(client, "team-b", ns -> message(ns, "NamespaceDeletionDiscoveryFailure") != null),
          "NamespaceDeletionDiscoveryFailure")).isEqualTo(discovery);

      finalize(client, "cdi");
      client.namespaces().withName("cdi").waitUntilCondition(ns -> ns == null, WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Test
  void anotherStuckNamespace_isHeldByAConfigMapWithAnOrphanedFinalizer() {
    try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().stuckNamespace("team-a").start()) {
      Namespace stuck = awaitConditions(cluster.client(), "team-a",
          ns -> message(ns, "NamespaceFinalizersRemaining") != null);

      assertThat(message(stuck, "NamespaceFinalizersRemaining"))
          .isEqualTo("Some content in the namespace has finalizers remaining: example.com/orphaned in 1 resource instances");
      assertThat(message(stuck, "NamespaceContentRemaining"))
          .isEqualTo("Some resources are remaining: configmaps. has 1 resource instances");
      assertThat(message(stuck, "NamespaceDeletionDiscoveryFailure")).isNull();
    }
  }

  private static Namespace awaitConditions(KubernetesClient client, String name, Predicate<Namespace> condition) {
    return client.namespaces().withName(name).waitUntilCondition(ns -> ns != null && ns.getStatus() != null
        && condition.test(ns), WAIT_SECONDS, TimeUnit.SECONDS);
  }

  private static String message(Namespace namespace, String type) {
    List<NamespaceCondition> conditions = namespace.getStatus().getConditions();
    return conditions == null ? null : conditions.stream().filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .map(NamespaceCondition::getMessage).findFirst().orElse(null);
  }

  /**
   * What the runbook does: the namespace with its spec finalizers emptied, through /finalize. The
   * namespace controller may write its status between the read and the write: read it again then,
   * as kubectl replace would have to.
   */
  private static void finalize(KubernetesClient client, String name) {
    HttpResponse<String> response;
    int attempts = 0;
    do {
      Namespace current = client.namespaces().withName(name).get();
      Namespace emptied = new NamespaceBuilder(current).editSpec().withFinalizers(List.of()).endSpec().build();
      response = Kube.request(client, "PUT", "/api/v1/namespaces/" + name + "/finalize", Serialization.asJson(emptied));
    } while (response.code() == 409 && ++attempts < 10);
    assertThat(response.code()).as(response.body()).isEqualTo(200);
  }
}
