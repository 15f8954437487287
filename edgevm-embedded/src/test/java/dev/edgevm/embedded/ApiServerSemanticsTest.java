package dev.edgevm.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What CRUD mode lacks and the embedded API server adds, seen through a plain fabric8 client. */
@EnableEmbeddedEdgeCluster
class ApiServerSemanticsTest {

  static EmbeddedEdgeCluster cluster;
  static KubernetesClient client;

  @Test
  void objectsWithFinalizers_areOnlyMarkedUntilTheLastFinalizerGoes() {
    ConfigMap held = client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("held").withFinalizers("example.com/keep").endMetadata().build()).create();

    client.configMaps().inNamespace("default").withName("held").delete();

    ConfigMap marked = client.configMaps().inNamespace("default").withName("held").get();
    assertThat(marked.getMetadata().getDeletionTimestamp()).isNotNull();
    client.configMaps().inNamespace("default").withName("held").edit(c -> new ConfigMapBuilder(c).editMetadata()
        .withFinalizers(List.of()).endMetadata().build());
    assertThat(client.configMaps().inNamespace("default").withName("held").get()).isNull();
    assertThat(held).isNotNull();
  }

  @Test
  void aPutRemovingTheLastFinalizer_answersWithTheObjectAsDeleted() {
    client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("put-away").withFinalizers("example.com/keep").endMetadata().build()).create();
    client.configMaps().inNamespace("default").withName("put-away").delete();
    ConfigMap marked = client.configMaps().inNamespace("default").withName("put-away").get();

    HttpResponse<String> response = Kube.request(client, "PUT", "/api/v1/namespaces/default/configmaps/put-away",
        io.fabric8.kubernetes.client.utils.Serialization.asJson(new ConfigMapBuilder(marked).editMetadata()
            .withFinalizers(List.of()).endMetadata().build()));

    assertThat(response.code()).isEqualTo(200);
    ConfigMap answered = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(response.body(), ConfigMap.class);
    assertThat(answered.getMetadata().getName()).isEqualTo("put-away");
    assertThat(answered.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(answered.getMetadata().getFinalizers()).isEmpty();
    assertThat(client.configMaps().inNamespace("default").withName("put-away").get()).isNull();
  }

  @Test
  void deletingANamespace_deletesItsContentAndThenTheNamespace() {
    client.namespaces().resource(namespace("short-lived")).create();
    client.configMaps().inNamespace("short-lived").resource(configMap("content")).create();

    client.namespaces().withName("short-lived").delete();

    client.namespaces().withName("short-lived").waitUntilCondition(ns -> ns == null, Waits.SECONDS, TimeUnit.SECONDS);
    assertThat(client.configMaps().inNamespace("short-lived").list().getItems()).isEmpty();
  }

  @Test
  void aStuckNamespace_staysTerminatingUntilFinalized() {
    client.namespaces().resource(namespace("stuck")).create();
    client.configMaps().inNamespace("stuck").resource(new ConfigMapBuilder().withNewMetadata().withName("orphan")
        .withFinalizers("example.com/orphaned").endMetadata().build()).create();
    client.namespaces().withName("stuck").delete();

    Namespace terminating = client.namespaces().withName("stuck").waitUntilCondition(ns -> ns.getStatus() != null
        && ns.getStatus().getConditions() != null && !ns.getStatus().getConditions().isEmpty(), Waits.SECONDS, TimeUnit.SECONDS);
    assertThat(terminating.getStatus().getPhase()).isEqualTo("Terminating");
    assertThat(terminating.getSpec().getFinalizers()).containsExactly("kubernetes");
    assertThat(terminating.getStatus().getConditions())
        .anySatisfy(c -> {
          assertThat(c.getType()).isEqualTo("NamespaceFinalizersRemaining");
          assertThat(c.getStatus()).isEqualTo("True");
        });
    assertThatThrownBy(() -> client.configMaps().inNamespace("stuck").resource(configMap("late")).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));

    Namespace finalized = new NamespaceBuilder(terminating).editSpec().withFinalizers(List.of()).endSpec().build();
    HttpResponse<String> response = Kube.request(client, "PUT", "/api/v1/namespaces/stuck/finalize",
        io.fabric8.kubernetes.client.utils.Serialization.asJson(finalized));

    assertThat(response.code()).isEqualTo(200);
    assertThat(client.namespaces().withName("stuck").get()).isNull();
  }

  @Test
  void builderStuckNamespace_isTerminatingFromTheStart() {
    try (EmbeddedEdgeCluster stuck = EmbeddedEdgeCluster.builder().stuckNamespace("kubevirt-old").start()) {
      Namespace namespace = stuck.client().namespaces().withName("kubevirt-old").get();

      assertThat(namespace.getStatus().getPhase()).isEqualTo("Terminating");
      assertThat(namespace.getMetadata().getDeletionTimestamp()).isNotNull();
    }
  }

  @Test
  void podStatus_isIgnoredOnCreateAndWrittenThroughTheSubresource() {
    Pod pod = new PodBuilder().withNewMetadata().withName("statusless").endMetadata().withNewSpec()
        .withSchedulerName("nobody").addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
        .withNewStatus().withPhase("Succeeded").endStatus().build();

    Pod created = client.pods().inNamespace("default").resource(pod).create();

    assertThat(created.getStatus() == null || created.getStatus().getPhase() == null).isTrue();
    Pod updated = client.pods().inNamespace("default").withName("statusless")
        .editStatus(p -> new PodBuilder(p).withNewStatus().withPhase("Failed").endStatus().build());
    assertThat(updated.getStatus().getPhase()).isEqualTo("Failed");
    Pod specOnly = client.pods().inNamespace("default").withName("statusless").edit(p -> new PodBuilder(p)
        .editMetadata().addToLabels("a", "b").endMetadata().withNewStatus().withPhase("Running").endStatus().build());
    assertThat(specOnly.getStatus().getPhase()).isEqualTo("Failed");
  }

  @Test
  void invalidNames_areRejectedWith422NamingTheField() {
    assertThatThrownBy(() -> client.configMaps().inNamespace("default").resource(configMap("Bad_Name")).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
          assertThat(e.getStatus().getDetails().getCauses()).singleElement()
              .satisfies(cause -> assertThat(cause.getField()).isEqualTo("metadata.name"));
        });
  }

  @Test
  void generateName_isCompletedWithFiveCharacters() {
    ConfigMap created = client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
        .withGenerateName("generated-").endMetadata().build()).create();

    assertThat(created.getMetadata().getName()).matches("generated-[bcdfghjklmnpqrstvwxz2456789]{5}");
  }

  @Test
  void dryRunCreate_storesNothing() {
    client.configMaps().inNamespace("default").resource(configMap("dry-run")).dryRun().create();

    assertThat(client.configMaps().inNamespace("default").withName("dry-run").get()).isNull();
  }

  @Test
  void mergePatchAndJsonPatch_areApplied() {
    client.configMaps().inNamespace("default").resource(configMap("patched")).create();

    client.configMaps().inNamespace("default").withName("patched")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"merged\":\"yes\"}}");
    client.configMaps().inNamespace("default").withName("patched")
        .patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"add\",\"path\":\"/data/json\",\"value\":\"yes\"}]");
    client.configMaps().inNamespace("default").withName("patched")
        .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"data\":{\"strategic\":\"yes\"}}");

    assertThat(client.configMaps().inNamespace("default").withName("patched").get().getData())
        .containsEntry("merged", "yes").containsEntry("json", "yes").containsEntry("strategic", "yes");
  }

  @Test
  void selectors_supportSetsAndFields() {
    client.namespaces().resource(namespace("selectors")).create();
    for (String tier : List.of("web", "db", "cache")) {
      client.configMaps().inNamespace("selectors").resource(new ConfigMapBuilder().withNewMetadata().withName(tier)
          .addToLabels("tier", tier).endMetadata().build()).create();
    }

    assertThat(client.configMaps().inNamespace("selectors").withLabelNotIn("tier", "web", "db").list().getItems())
        .extracting(c -> c.getMetadata().getName()).containsExactly("cache");
    assertThat(client.configMaps().inNamespace("selectors").withField("metadata.name", "db").list().getItems())
        .hasSize(1);
    assertThat(client.configMaps().inNamespace("selectors").withoutLabel("tier").list().getItems()).isEmpty();
  }

  @Test
  void aWatchFromAResourceVersion_resumesAfterIt() throws Exception {
    client.namespaces().resource(namespace("resume")).create();
    ConfigMap first = client.configMaps().inNamespace("resume").resource(configMap("first")).create();
    client.configMaps().inNamespace("resume").resource(configMap("second")).create();
    List<String> seen = new CopyOnWriteArrayList<>();
    CountDownLatch third = new CountDownLatch(1);

    io.fabric8.kubernetes.client.Watch watch = client.configMaps().inNamespace("resume").watch(new ListOptionsBuilder()
        .withResourceVersion(first.getMetadata().getResourceVersion()).build(), new Watcher<ConfigMap>() {
          @Override
          public void eventReceived(Action action, ConfigMap resource) {
            seen.add(action + " " + resource.getMetadata().getName());
            if (resource.getMetadata().getName().equals("third")) {
              third.countDown();
            }
          }

          @Override
          public void onClose(WatcherException cause) {
          }
        });
    try {
      client.configMaps().inNamespace("resume").resource(configMap("third")).create();
      assertThat(third.await(Waits.SECONDS, TimeUnit.SECONDS)).isTrue();
    } finally {
      watch.close();
    }

    assertThat(seen).containsExactly("ADDED second", "ADDED third");
  }

  @Test
  void networkPoliciesAndAttachmentDefinitions_areStoredAndServed() {
    client.network().v1().networkPolicies().inNamespace("default").resource(
        new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder().withNewMetadata()
            .withName("block-all-ingress").endMetadata().withNewSpec().withNewPodSelector().endPodSelector()
            .withPolicyTypes("Ingress").endSpec().build()).create();
    Kube.create(client, Kube.NADS, "default", Kube.yaml(String.join("\n",
        "apiVersion: k8s.cni.cncf.io/v1",
        "kind: NetworkAttachmentDefinition",
        "metadata:",
        "  name: sriov-openness-vm",
        "  annotations:",
        "    k8s.v1.cni.cncf.io/resourceName: intel.com/intel_sriov_vm",
        "")));

    assertThat(client.network().v1().networkPolicies().inAnyNamespace().list().getItems())
        .extracting(p -> p.getMetadata().getName()).contains("block-all-ingress");
    assertThat(Kube.get(client, Kube.NADS, "default", "sriov-openness-vm").getMetadata().getAnnotations())
        .containsEntry("k8s.v1.cni.cncf.io/resourceName", "intel.com/intel_sriov_vm");
  }

  private static Namespace namespace(String name) {
    return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  private static ConfigMap configMap(String name) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("k", "v").build();
  }
}
