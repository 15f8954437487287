package dev.edgevm.embedded.internal.cdi;

import dev.edgevm.embedded.internal.json.Json;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * CDI's DataVolume status from its claim, in CDI's order: Pending without a claim; PVCBound, then
 * the transfer phases read from the claim's pod-phase annotation (UploadScheduled, UploadReady /
 * ImportScheduled, ImportInProgress), Succeeded once the pod succeeded, Failed when the claim is
 * lost. Conditions Bound, Ready and Running follow the claim and its annotations.
 */
final class DataVolumeStatus {

  enum Kind { UPLOAD, IMPORT }

  private DataVolumeStatus() {
  }

  /** Writes phase, claimName, progress, restartCount and conditions into {@code status}. */
  static void update(ObjectNode status, JsonNode dataVolume, JsonNode pvc, Kind kind) {
    String phase = Json.text(status, "phase");
    boolean prePopulated = Json.annotations(dataVolume).containsKey(CdiNames.ANN_PRE_POPULATED);
    if (pvc == null) {
      if (phase == null || prePopulated) {
        phase = "Pending";
      }
    } else {
      status.put("claimName", Json.name(pvc));
      Map<String, String> annotations = Json.annotations(pvc);
      boolean requiresWork = !prePopulated
          && !Json.name(dataVolume).equals(annotations.get(CdiNames.ANN_POPULATED_FOR));
      String podPhase = annotations.get(CdiNames.ANN_POD_PHASE);
      String claimPhase = Json.textOr(pvc, "Pending", "status", "phase");
      if ("Succeeded".equals(podPhase) && requiresWork) {
        phase = "Succeeded";
      } else if (!requiresWork) {
        phase = "Succeeded";
      } else if ("Bound".equals(claimPhase)) {
        if (phase == null || "Pending".equals(phase) || "WaitForFirstConsumer".equals(phase) || "Unknown".equals(phase)) {
          phase = "PVCBound";
        }
        phase = transferPhase(kind, podPhase, annotations, phase);
      } else if ("Lost".equals(claimPhase)) {
        phase = "Failed";
      } else {
        phase = "Pending";
      }
      String restarts = annotations.get(CdiNames.ANN_POD_RESTARTS);
      if (restarts != null && restarts.matches("\\d+")) {
        status.put("restartCount", Integer.parseInt(restarts));
      }
    }
    status.put("phase", phase);
    if (!status.has("progress") || (kind == Kind.IMPORT && "Succeeded".equals(phase))) {
      status.put("progress", kind == Kind.IMPORT && "Succeeded".equals(phase) ? "100.0%" : "N/A");
    }
    conditions(status, pvc, phase);
  }

  private static String transferPhase(Kind kind, String podPhase, Map<String, String> annotations, String current) {
    if (podPhase == null) {
      return kind == Kind.UPLOAD ? "UploadScheduled" : "ImportScheduled";
    }
    switch (podPhase) {
      case "Pending":
        return kind == Kind.UPLOAD ? "UploadScheduled" : "ImportScheduled";
      case "Running":
        if (kind == Kind.IMPORT) {
          return "ImportInProgress";
        }
        return "true".equals(annotations.get(CdiNames.ANN_POD_READY)) ? "UploadReady" : current;
      case "Succeeded":
        return "Succeeded";
      default:
        return kind == Kind.UPLOAD ? "UploadScheduled" : current;
    }
  }

  private static void conditions(ObjectNode status, JsonNode pvc, String phase) {
    ArrayNode conditions = Json.withArray(status, "conditions");
    Map<String, String> annotations = pvc == null ? Map.of() : Json.annotations(pvc);
    String readyStatus = "Succeeded".equals(phase) ? "True" : "Unknown".equals(phase) ? "Unknown" : "False";
    if (pvc == null) {
      set(conditions, "Bound", "False", "No PVC found", "NotFound");
    } else {
      String claimPhase = Json.textOr(pvc, "", "status", "phase");
      String boundAnnotation = annotations.get(CdiNames.ANN_BOUND_CONDITION);
      switch (claimPhase) {
        case "Bound":
          if (boundAnnotation == null || "true".equalsIgnoreCase(boundAnnotation)) {
            set(conditions, "Bound", "True", "PVC " + Json.name(pvc) + " Bound", "Bound");
          } else {
            set(conditions, "Bound", "False", annotations.get(CdiNames.ANN_BOUND_MESSAGE),
                annotations.get(CdiNames.ANN_BOUND_REASON));
          }
          break;
        case "Pending":
          if (boundAnnotation == null || "true".equalsIgnoreCase(boundAnnotation)) {
            set(conditions, "Bound", "False", "PVC " + Json.name(pvc) + " Pending", "Pending");
          } else {
            set(conditions, "Bound", "False", "target PVC " + Json.name(pvc) + " Pending and "
                + annotations.get(CdiNames.ANN_BOUND_MESSAGE), annotations.get(CdiNames.ANN_BOUND_REASON));
          }
          break;
        case "Lost":
          set(conditions, "Bound", "False", "Claim Lost", "ClaimLost");
          break;
        default:
          set(conditions, "Bound", "False", "", "");
      }
    }
    set(conditions, "Ready", readyStatus, "", "");
    String running = annotations.get(CdiNames.ANN_RUNNING_CONDITION);
    String message = annotations.getOrDefault(CdiNames.ANN_RUNNING_MESSAGE, "");
    String reason = annotations.getOrDefault(CdiNames.ANN_RUNNING_REASON, "");
    if ("false".equals(annotations.get(CdiNames.ANN_POD_SCHEDULABLE))) {
      set(conditions, "Running", "False", "Importer pod cannot be scheduled", "Unschedulable");
    } else if ("true".equalsIgnoreCase(running)) {
      set(conditions, "Running", "True", message, reason);
      if (!"Succeeded".equals(phase)) {
        set(conditions, "Ready", "False", "", "TransferRunning");
      }
    } else if ("false".equalsIgnoreCase(running) || running == null) {
      set(conditions, "Running", "False", message, reason);
    } else {
      set(conditions, "Running", "Unknown", message, reason);
    }
  }

  /** CDI's updateCondition: a new status moves lastTransitionTime; new words move lastHeartbeatTime. */
  private static void set(ArrayNode conditions, String type, String status, String message, String reason) {
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
    String safeMessage = Objects.toString(message, "");
    String safeReason = Objects.toString(reason, "");
    if (!status.equals(Json.text(condition, "status"))) {
      condition.put("lastTransitionTime", now);
      condition.put("lastHeartbeatTime", now);
    } else if (!safeMessage.equals(Json.textOr(condition, "", "message"))
        || !safeReason.equals(Json.textOr(condition, "", "reason"))) {
      condition.put("lastHeartbeatTime", now);
    }
    condition.put("status", status);
    putOrRemove(condition, "message", safeMessage);
    putOrRemove(condition, "reason", safeReason);
  }

  private static void putOrRemove(ObjectNode condition, String field, String value) {
    if (value.isEmpty()) {
      condition.remove(field);
    } else {
      condition.put(field, value);
    }
  }
}
