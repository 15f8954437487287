package dev.edgevm.embedded.internal.kubevirt;

import dev.edgevm.embedded.internal.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Conditions of KubeVirt objects (status.conditions), as KubeVirt's condition managers handle them. */
final class Conditions {

  private Conditions() {
  }

  static JsonNode find(JsonNode object, String type) {
    for (JsonNode condition : Json.items(object, "status", "conditions")) {
      if (type.equals(Json.text(condition, "type"))) {
        return condition;
      }
    }
    return null;
  }

  static boolean has(JsonNode object, String type) {
    return find(object, type) != null;
  }

  static boolean hasStatus(JsonNode object, String type, String status) {
    JsonNode condition = find(object, type);
    return condition != null && status.equals(Json.text(condition, "status"));
  }

  static boolean hasStatusAndReason(JsonNode object, String type, String status, String reason) {
    JsonNode condition = find(object, type);
    return condition != null && status.equals(Json.text(condition, "status")) && reason.equals(Json.text(condition, "reason"));
  }

  /**
   * Sets a condition on the object; the transition time is kept when the status does not change.
   * A null reason or message is left out.
   */
  static void set(ObjectNode object, String type, String status, String reason, String message) {
    ArrayNode conditions = Json.withArray(object, "status", "conditions");
    ObjectNode condition = null;
    for (JsonNode existing : conditions) {
      if (type.equals(Json.text(existing, "type"))) {
        condition = (ObjectNode) existing;
      }
    }
    String now = Json.now();
    if (condition == null) {
      condition = conditions.addObject();
      condition.put("type", type);
    }
    if (!status.equals(Json.text(condition, "status"))) {
      condition.put("lastTransitionTime", now);
    }
    condition.put("status", status);
    condition.putNull("lastProbeTime");
    putOrRemove(condition, "reason", reason);
    putOrRemove(condition, "message", message);
  }

  /** Copies a condition (e.g. a pod's PodScheduled) onto the object under the same type. */
  static void copy(ObjectNode object, JsonNode condition) {
    set(object, Json.text(condition, "type"), Json.text(condition, "status"), Json.text(condition, "reason"),
        Json.text(condition, "message"));
  }

  static void remove(ObjectNode object, String type) {
    JsonNode conditions = object.path("status").path("conditions");
    if (!conditions.isArray()) {
      return;
    }
    ArrayNode array = (ArrayNode) conditions;
    for (int i = array.size() - 1; i >= 0; i--) {
      if (type.equals(Json.text(array.get(i), "type"))) {
        array.remove(i);
      }
    }
  }

  private static void putOrRemove(ObjectNode node, String field, String value) {
    if (value == null) {
      node.remove(field);
    } else {
      node.put(field, value);
    }
  }
}
