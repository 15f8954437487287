package dev.edgevm.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiServerCrudTest {

  static EmbeddedEdgeCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = EmbeddedEdgeCluster.builder().nodes(2).start();
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static ConfigMap configMap(String ns, String name) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(ns).addToLabels("app", "x")
        .endMetadata().addToData("k", "v").build();
  }

  @Test
  void create_duplicate_isAlreadyExists() {
    client.configMaps().inNamespace("default").resource(configMap("default", "dup")).create();
    assertThatThrownBy(() -> client.configMaps().inNamespace("default").resource(configMap("default", "dup")).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
          assertThat(e.getStatus().getMessage()).isEqualTo("configmaps \"dup\" already exists");
        });
  }

  @Test
  void update_withStaleResourceVersion_isConflict() {
    ConfigMap created = client.configMaps().inNamespace("default").resource(configMap("default", "stale")).create();
    ConfigMap first = new ConfigMapBuilder(created).addToData("a", "1").build();
    client.configMaps().inNamespace("default").resource(first).update();
    ConfigMap second = new ConfigMapBuilder(created).addToData("b", "2").build();
    assertThatThrownBy(() -> client.configMaps().inNamespace("default").resource(second).update())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
        });
  }

  @Test
  void get_missing_isNullAndStatusNotFound() {
    assertThat(client.configMaps().inNamespace("default").withName("nope").get()).isNull();
  }

  @Test
  void create_inMissingNamespace_isNotFound() {
    assertThatThrownBy(() -> client.configMaps().inNamespace("ghost").resource(configMap("ghost", "c")).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(404);
          assertThat(e.getStatus().getMessage()).isEqualTo("namespaces \"ghost\" not found");
        });
  }

  @Test
  void list_withLabelSelector_filters() {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("sel").endMetadata().build()).create();
    client.configMaps().inNamespace("sel").resource(configMap("sel", "a")).create();
    ConfigMap other = new ConfigMapBuilder(configMap("sel", "b")).editMetadata().addToLabels("app", "y").endMetadata().build();
    client.configMaps().inNamespace("sel").resource(other).create();
    assertThat(client.configMaps().inNamespace("sel").withLabel("app", "x").list().getItems())
        .extracting(c -> c.getMetadata().getName()).containsExactly("a");
    assertThat(client.configMaps().inNamespace("sel").withLabelIn("app", "x", "y").list().getItems()).hasSize(2);
  }

  @Test
  void nodes_areReady() {
    assertThat(client.nodes().list().getItems()).extracting(n -> n.getMetadata().getName())
        .containsExactly("node01", "node02");
  }
}
