package dev.edgevm.embedded.internal.kubevirt;

import dev.edgevm.embedded.internal.api.ObjectStore;
import dev.edgevm.embedded.internal.json.Json;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A VM's status as the VM controller's updateStatus writes it: created, ready, runStrategy,
 * generations, the first state change request trimmed once done, the VMI's conditions (Ready
 * among them) mirrored, the Failure condition of the last sync, and the printable status.
 */
final class VmStatus {

  private static final Set<String> NOT_MIRRORED = Set.of("Ready", "Failure", "RestartRequired");

  private VmStatus() {
  }

  /** Updates the status of {@code vm} (a copy) for the VMI (or null); {@code failure} is the sync error or null. */
  static ObjectNode apply(ObjectNode vm, JsonNode vmi, String[] failure, ObjectStore store) {
    ObjectNode status = Json.with(vm, "status");
    boolean created = vmi != null;
    status.put("created", created);
    status.put("ready", created && Conditions.hasStatus(vmi, "Ready", "True"));
    try {
      String strategy = RunStrategies.of(vm);
      if (status.has("runStrategy") || created) {
        status.put("runStrategy", strategy);
      }
    } catch (IllegalStateException e) {
      // reported through the Failure condition
    }
    status.put("desiredGeneration", Json.number(vm, 1, "metadata", "generation"));
    if (vmi != null && Json.annotations(vmi).containsKey("kubevirt.io/vm-generation")) {
      status.put("observedGeneration", Long.parseLong(Json.annotations(vmi).get("kubevirt.io/vm-generation")));
    }
    if (StateChangeRequests.firstIsDone(vm, vmi)) {
      ArrayNode requests = (ArrayNode) status.get("stateChangeRequests");
      requests.remove(0);
      if (requests.isEmpty()) {
        status.remove("stateChangeRequests");
      }
    }
    syncConditions(vm, vmi);
    if (failure != null) {
      Conditions.set(vm, "Failure", "True", failure[0], failure[1]);
    } else {
      Conditions.remove(vm, "Failure");
    }
    status.put("printableStatus", PrintableStatus.of(vm, vmi, store));
    return vm;
  }

  private static void syncConditions(ObjectNode vm, JsonNode vmi) {
    if (vmi == null) {
      Conditions.set(vm, "Ready", "False", "VMINotExists", "VMI does not exist");
      return;
    }
    JsonNode ready = Conditions.find(vmi, "Ready");
    if (ready == null) {
      Conditions.set(vm, "Ready", "False", "VMIConditionMissing", "VMI is missing the Ready condition");
    } else {
      Conditions.copy(vm, ready);
    }
    Set<String> mirrored = new HashSet<>();
    for (JsonNode condition : Json.items(vmi, "status", "conditions")) {
      String type = Json.text(condition, "type");
      if (!NOT_MIRRORED.contains(type)) {
        mirrored.add(type);
        Conditions.copy(vm, condition);
      }
    }
    List<JsonNode> existing = Json.items(vm, "status", "conditions");
    for (JsonNode condition : existing) {
      String type = Json.text(condition, "type");
      if (!NOT_MIRRORED.contains(type) && !mirrored.contains(type)) {
        Conditions.remove(vm, type);
      }
    }
  }
}
