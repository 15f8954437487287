package dev.edgevm.embedded.internal.catalog;

import dev.edgevm.embedded.internal.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The cells kubectl shows for built-in kinds, as the API server's table printers compute them. */
final class CorePrinters {

  private CorePrinters() {
  }

  static Object podReady(JsonNode pod) {
    List<JsonNode> containers = Json.items(pod, "spec", "containers");
    long ready = Json.items(pod, "status", "containerStatuses").stream()
        .filter(status -> status.path("ready").asBoolean(false)).count();
    return ready + "/" + containers.size();
  }

  /** Like kubectl: the pod's reason, else a waiting/terminated container reason, else its phase. */
  static Object podStatus(JsonNode pod) {
    if (Json.deleting(pod)) {
      return "Terminating";
    }
    String reason = Json.text(pod, "status", "reason");
    if (reason != null) {
      return reason;
    }
    for (JsonNode status : Json.items(pod, "status", "containerStatuses")) {
      String waiting = Json.text(status, "state", "waiting", "reason");
      if (waiting != null) {
        return waiting;
      }
      String terminated = Json.text(status, "state", "terminated", "reason");
      if (terminated != null) {
        return terminated;
      }
    }
    return Json.textOr(pod, "Pending", "status", "phase");
  }

  static Object podRestarts(JsonNode pod) {
    return Json.items(pod, "status", "containerStatuses").stream()
        .mapToLong(status -> status.path("restartCount").asLong(0)).sum();
  }

  static Object nodeStatus(JsonNode node) {
    String ready = "Unknown";
    for (JsonNode condition : Json.items(node, "status", "conditions")) {
      if ("Ready".equals(Json.text(condition, "type"))) {
        ready = "True".equals(Json.text(condition, "status")) ? "Ready" : "NotReady";
      }
    }
    return Json.bool(node, false, "spec", "unschedulable") ? ready + ",SchedulingDisabled" : ready;
  }

  static Object nodeRoles(JsonNode node) {
    List<String> roles = new ArrayList<>();
    for (Map.Entry<String, String> label : Json.labels(node).entrySet()) {
      if (label.getKey().startsWith("node-role.kubernetes.io/")) {
        roles.add(label.getKey().substring("node-role.kubernetes.io/".length()));
      }
    }
    return roles.isEmpty() ? "<none>" : String.join(",", roles);
  }

  static Object accessModes(JsonNode object, String... path) {
    List<String> modes = new ArrayList<>();
    for (JsonNode mode : Json.items(object, path)) {
      switch (mode.asString()) {
        case "ReadWriteOnce" -> modes.add("RWO");
        case "ReadOnlyMany" -> modes.add("ROX");
        case "ReadWriteMany" -> modes.add("RWX");
        case "ReadWriteOncePod" -> modes.add("RWOP");
        default -> modes.add(mode.asString());
      }
    }
    return String.join(",", modes);
  }

  static Object pvClaim(JsonNode pv) {
    String name = Json.text(pv, "spec", "claimRef", "name");
    return name == null ? "" : Json.textOr(pv, "", "spec", "claimRef", "namespace") + "/" + name;
  }

  static Object eventObject(JsonNode event) {
    return Json.textOr(event, "", "involvedObject", "kind").toLowerCase(java.util.Locale.ROOT) + "/"
        + Json.textOr(event, "", "involvedObject", "name");
  }
}
