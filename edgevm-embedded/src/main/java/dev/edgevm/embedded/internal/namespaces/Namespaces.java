package dev.edgevm.embedded.internal.namespaces;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.json.Json;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** Namespaces the cluster itself makes: at start, for its operators, and for stuck ones. */
public final class Namespaces {

  private Namespaces() {
  }

  /** Creates the namespace unless it exists. */
  public static void ensure(ClusterApi api, String name) {
    ensure(api, name, Map.of());
  }

  /** Creates the namespace with these labels unless it exists (an existing one keeps its own). */
  public static void ensure(ClusterApi api, String name, Map<String, String> labels) {
    if (api.get(CoreTypes.NAMESPACES, null, name).isPresent()) {
      return;
    }
    ObjectNode namespace = Json.object();
    namespace.put("apiVersion", "v1");
    namespace.put("kind", "Namespace");
    ObjectNode metadata = namespace.putObject("metadata");
    metadata.put("name", name);
    if (!labels.isEmpty()) {
      labels.forEach(metadata.putObject("labels")::put);
    }
    api.create(CoreTypes.NAMESPACES, namespace);
  }
}
