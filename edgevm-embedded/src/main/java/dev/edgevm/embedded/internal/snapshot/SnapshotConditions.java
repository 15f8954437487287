package dev.edgevm.embedded.internal.snapshot;

import dev.edgevm.embedded.internal.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * KubeVirt's snapshot and restore conditions (Ready, Progressing, Failure): type, status and
 * reason, replaced only when status or reason change, as its updateCondition does.
 */
final class SnapshotConditions {

  static final String READY = "Ready";
  static final String PROGRESSING = "Progressing";
  static final String FAILURE = "Failure";

  private SnapshotConditions() {
  }

  static void set(ObjectNode status, String type, boolean value, String reason) {
    ArrayNode conditions = Json.withArray(status, "conditions");
    String wanted = value ? "True" : "False";
    for (JsonNode existing : conditions) {
      if (type.equals(Json.text(existing, "type"))) {
        if (!wanted.equals(Json.text(existing, "status")) || !reason.equals(Json.textOr(existing, "", "reason"))) {
          fill((ObjectNode) existing, wanted, reason);
        }
        return;
      }
    }
    ObjectNode condition = conditions.addObject();
    condition.put("type", type);
    fill(condition, wanted, reason);
  }

  private static void fill(ObjectNode condition, String status, String reason) {
    condition.put("status", status);
    condition.put("reason", reason);
    condition.put("lastTransitionTime", Json.now());
    condition.putNull("lastProbeTime");
  }

  static boolean has(JsonNode status, String type) {
    return Json.items(status, "conditions").stream().anyMatch(c -> type.equals(Json.text(c, "type"))
        && "True".equals(Json.text(c, "status")));
  }
}
