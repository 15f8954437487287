package dev.edgevm.embedded.internal.kubevirt;

import dev.edgevm.embedded.internal.api.ObjectStore;
import dev.edgevm.embedded.internal.api.StoredObject;
import dev.edgevm.embedded.internal.catalog.CdiTypes;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.json.Json;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A VM's {@code status.printableStatus}, decided as virt-controller's setPrintableStatus does:
 * the first of these that holds wins: Terminating, Stopping, Paused, Running, ErrorPvcNotFound,
 * DataVolumeError, ErrorUnschedulable, Provisioning, WaitingForVolumeBinding, ErrImagePull,
 * ImagePullBackOff, Starting, CrashLoopBackOff, Stopped; else Unknown. (Migrating and
 * WaitingForReceiver never hold here: no migrations are simulated.)
 */
final class PrintableStatus {

  private PrintableStatus() {
  }

  static String of(JsonNode vm, JsonNode vmi, ObjectStore store) {
    if (Json.deleting(vm)) {
      return "Terminating";
    }
    if (vmi != null && !Vmis.isFinal(vmi) && Json.deleting(vmi)) {
      return "Stopping";
    }
    if (vmi != null && Vmis.isRunning(vmi)) {
      return Vmis.isPaused(vmi) ? "Paused" : "Running";
    }
    if (vmi != null && Conditions.hasStatusAndReason(vmi, "Synchronized", "False", "FailedPvcNotFound")) {
      return "ErrorPvcNotFound";
    }
    JsonNode template = Json.at(vm, "spec", "template");
    if (hasDataVolumeError(vm, template, store)) {
      return "DataVolumeError";
    }
    if (vmi != null && Conditions.hasStatusAndReason(vmi, "PodScheduled", "False", "Unschedulable")) {
      return "ErrorUnschedulable";
    }
    if (hasDataVolumeProvisioning(vm, template, store)) {
      return "Provisioning";
    }
    if (isSetToStart(vm, vmi) && hasUnboundClaim(vm, template, store)) {
      return "WaitingForVolumeBinding";
    }
    if (vmi != null && Conditions.hasStatusAndReason(vmi, "Synchronized", "False", "ErrImagePull")) {
      return "ErrImagePull";
    }
    if (vmi != null && Conditions.hasStatusAndReason(vmi, "Synchronized", "False", "ImagePullBackOff")) {
      return "ImagePullBackOff";
    }
    if (vmi != null && (Vmis.isUnprocessed(vmi) || Vmis.phase(vmi).equals(Vmis.SCHEDULING)
        || Vmis.phase(vmi).equals(Vmis.SCHEDULED))) {
      return "Starting";
    }
    if (vmi == null || Vmis.isFinal(vmi)) {
      return "Stopped";
    }
    return "Unknown";
  }

  /** Whether the VM is configured to run now (isSetToStart). */
  static boolean isSetToStart(JsonNode vm, JsonNode vmi) {
    String strategy;
    try {
      strategy = RunStrategies.of(vm);
    } catch (IllegalStateException e) {
      return false;
    }
    switch (strategy) {
      case RunStrategies.ALWAYS:
        return true;
      case RunStrategies.MANUAL:
        return vmi != null ? !StateChangeRequests.hasStopFor(vm, vmi) : StateChangeRequests.hasStart(vm);
      case RunStrategies.RERUN_ON_FAILURE:
        return vmi != null ? !Vmis.phase(vmi).equals(Vmis.SUCCEEDED)
            : StateChangeRequests.hasStart(vm) || !strategy.equals(Json.text(vm, "status", "runStrategy"));
      case RunStrategies.ONCE:
        return vmi == null;
      default:
        return false;
    }
  }

  private static boolean hasDataVolumeError(JsonNode vm, JsonNode template, ObjectStore store) {
    for (String name : Vmis.dataVolumes(template)) {
      Optional<StoredObject> dv = store.get(CdiTypes.DATA_VOLUMES, Json.namespace(vm), name);
      if (dv.isEmpty()) {
        continue;
      }
      if ("Failed".equals(Json.text(dv.get().view(), "status", "phase"))) {
        return true;
      }
      JsonNode running = Conditions.find(dv.get().view(), "Running");
      String reason = running == null ? null : Json.text(running, "reason");
      if (running != null && "False".equals(Json.text(running, "status"))
          && ("Error".equals(reason) || "ImagePullFailed".equals(reason))) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasDataVolumeProvisioning(JsonNode vm, JsonNode template, ObjectStore store) {
    for (String name : Vmis.dataVolumes(template)) {
      Optional<StoredObject> dv = store.get(CdiTypes.DATA_VOLUMES, Json.namespace(vm), name);
      if (dv.isEmpty()) {
        continue;
      }
      String phase = Json.textOr(dv.get().view(), "", "status", "phase");
      if (phase.equals("Succeeded") || phase.equals("PendingPopulation")) {
        continue;
      }
      boolean bound = Conditions.hasStatus(dv.get().view(), "Bound", "True");
      if (bound || !phase.equals("WaitForFirstConsumer")) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasUnboundClaim(JsonNode vm, JsonNode template, ObjectStore store) {
    for (String claim : Vmis.claims(template)) {
      Optional<StoredObject> pvc = store.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, Json.namespace(vm), claim);
      if (pvc.isPresent() && !"Bound".equals(Json.text(pvc.get().view(), "status", "phase"))) {
        return true;
      }
    }
    return false;
  }
}
