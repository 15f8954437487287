package dev.edgevm.embedded.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.internal.api.watch.WatchHub;
import dev.edgevm.embedded.internal.catalog.Catalog;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.runtime.SeededRandom;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The controllers' in-process API: the same rules as HTTP requests. */
class ClusterApiTest {

  private WatchHub watches;
  private ClusterApi api;

  @BeforeEach
  void store() {
    watches = new WatchHub();
    api = new ClusterApi(new ObjectStore(Catalog.standard(), watches, new SeededRandom(0)));
    api.create(CoreTypes.NAMESPACES, Json.parse("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"default\"}}"));
  }

  @AfterEach
  void close() {
    watches.close();
  }

  @Test
  void anUpdateRemovingTheLastFinalizerOfADeletedObject_letsItGo() {
    api.create(CoreTypes.CONFIG_MAPS, Json.parse("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":"
        + "{\"name\":\"held\",\"namespace\":\"default\",\"finalizers\":[\"example.com/hold\"]}}"));
    api.delete(CoreTypes.CONFIG_MAPS, "default", "held");
    long markedAt = Long.parseLong(Json.text(api.get(CoreTypes.CONFIG_MAPS, "default", "held").orElseThrow(),
        "metadata", "resourceVersion"));

    Optional<ObjectNode> updated = api.update(CoreTypes.CONFIG_MAPS, "default", "held", cm -> {
      Json.withArray(cm, "metadata", "finalizers").removeAll();
      cm.putObject("data").put("last", "words");
      return cm;
    });

    assertThat(api.get(CoreTypes.CONFIG_MAPS, "default", "held")).as("the object is gone").isEmpty();
    assertThat(updated).as("its last state, as the server answered").hasValueSatisfying(last -> {
      assertThat(Long.parseLong(Json.text(last, "metadata", "resourceVersion"))).isGreaterThan(markedAt);
      assertThat(Json.text(last, "metadata", "deletionTimestamp")).isNotNull();
      assertThat(last.path("metadata").has("finalizers")).isFalse();
      assertThat(Json.text(last, "data", "last")).isEqualTo("words");
    });
  }

  @Test
  void aStatusUpdateOfATerminatingNamespace_isWritten() {
    api.create(CoreTypes.NAMESPACES, Json.parse("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"going\"}}"));
    api.create(CoreTypes.CONFIG_MAPS, Json.parse("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":"
        + "{\"name\":\"held\",\"namespace\":\"going\",\"finalizers\":[\"example.com/hold\"]}}"));
    api.delete(CoreTypes.NAMESPACES, null, "going");

    Optional<ObjectNode> updated = api.updateStatus(CoreTypes.NAMESPACES, null, "going", ns -> {
      Json.withArray(ns, "status", "conditions").addObject().put("type", "NamespaceFinalizersRemaining");
      return ns;
    });

    assertThat(updated).hasValueSatisfying(ns -> assertThat(Json.text(ns, "status", "phase")).isEqualTo("Terminating"));
    assertThat(api.get(CoreTypes.NAMESPACES, null, "going").orElseThrow().path("status").path("conditions"))
        .hasSize(1);
  }
}
