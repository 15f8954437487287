package dev.edgevm.embedded.internal.storage;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.api.ResourceType;
import dev.edgevm.embedded.internal.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** Finalizers of objects; removing the last one of an object being deleted makes it go. */
public final class Finalizers {

  private Finalizers() {
  }

  public static boolean has(JsonNode object, String finalizer) {
    return Json.items(object, "metadata", "finalizers").stream().anyMatch(f -> finalizer.equals(f.asString()));
  }

  /** Removes the finalizer if present, retrying on conflicts; false when the object is gone. */
  public static boolean remove(ClusterApi api, ResourceType type, String namespace, String name, String finalizer) {
    return api.update(type, namespace, name, object -> {
      if (!has(object, finalizer)) {
        return null;
      }
      ArrayNode finalizers = Json.withArray(object, "metadata", "finalizers");
      for (int i = finalizers.size() - 1; i >= 0; i--) {
        if (finalizer.equals(finalizers.get(i).asString())) {
          finalizers.remove(i);
        }
      }
      return object;
    }).isPresent();
  }
}
