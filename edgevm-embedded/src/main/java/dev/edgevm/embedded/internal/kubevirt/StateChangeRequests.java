package dev.edgevm.embedded.internal.kubevirt;

import dev.edgevm.embedded.internal.json.Json;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** A VM's {@code status.stateChangeRequests}: start and stop requests the VM controller acts on, first one first. */
final class StateChangeRequests {

  static final String START = "Start";
  static final String STOP = "Stop";

  private StateChangeRequests() {
  }

  static List<JsonNode> of(JsonNode vm) {
    return Json.items(vm, "status", "stateChangeRequests");
  }

  static boolean hasStart(JsonNode vm) {
    List<JsonNode> requests = of(vm);
    return !requests.isEmpty() && START.equals(Json.text(requests.get(0), "action"));
  }

  static boolean hasStartPaused(JsonNode vm) {
    List<JsonNode> requests = of(vm);
    return hasStart(vm) && "true".equals(Json.text(requests.get(0), "data", "paused"));
  }

  static boolean hasStopFor(JsonNode vm, JsonNode vmi) {
    List<JsonNode> requests = of(vm);
    return !requests.isEmpty() && STOP.equals(Json.text(requests.get(0), "action"))
        && Json.uid(vmi) != null && Json.uid(vmi).equals(Json.text(requests.get(0), "uid"));
  }

  /** Whether the first request is done (isTrimFirstChangeRequestNeeded). */
  static boolean firstIsDone(JsonNode vm, JsonNode vmi) {
    List<JsonNode> requests = of(vm);
    if (requests.isEmpty()) {
      return false;
    }
    JsonNode first = requests.get(0);
    if (STOP.equals(Json.text(first, "action"))) {
      return vmi == null || Json.text(first, "uid") == null || !Json.text(first, "uid").equals(Json.uid(vmi));
    }
    if (START.equals(Json.text(first, "action"))) {
      return vmi != null && !Json.deleting(vmi) && !Vmis.isFinal(vmi);
    }
    return false;
  }
}
