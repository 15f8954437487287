package dev.edgevm.embedded.internal.kubevirt;

import dev.edgevm.embedded.internal.api.ApiException;
import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.api.ObjectStore;
import dev.edgevm.embedded.internal.api.StoredObject;
import dev.edgevm.embedded.internal.catalog.CdiTypes;
import dev.edgevm.embedded.internal.catalog.KubeVirtTypes;
import dev.edgevm.embedded.internal.events.EventRecorder;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.runtime.ObjectRef;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * virt-controller's VM controller: keeps a VMI existing or not as the VM's run strategy and
 * state change requests say (creating it from the template, deleting it to stop), creates the
 * DataVolumes of the VM's templates, holds the VM and its VMIs with finalizers until it has seen
 * them go, and writes the VM's status.
 */
final class VmController {

  static final String LATEST_API_VERSION = "kubevirt.io/latest-observed-api-version";
  static final String STORAGE_API_VERSION = "kubevirt.io/storage-observed-api-version";
  private static final EventRecorder.Source SOURCE = new EventRecorder.Source("virtualmachine-controller", null);
  private static final java.util.Set<String> READY_DV_PHASES = java.util.Set.of("Succeeded", "WaitForFirstConsumer",
      "PendingPopulation");

  private final ObjectStore store;
  private final ClusterApi api;
  private final EventRecorder events;

  VmController(ObjectStore store, ClusterApi api, EventRecorder events) {
    this.store = store;
    this.api = api;
    this.events = events;
  }

  void reconcile(ObjectRef ref) {
    Optional<StoredObject> stored = store.get(KubeVirtTypes.VIRTUAL_MACHINES, ref.namespace(), ref.name());
    if (stored.isEmpty()) {
      return;
    }
    JsonNode vm = stored.get().view();
    if (!Json.annotations(vm).containsKey(LATEST_API_VERSION)) {
      api.update(KubeVirtTypes.VIRTUAL_MACHINES, ref.namespace(), ref.name(), current -> {
        ObjectNode annotations = Json.with(current, "metadata", "annotations");
        annotations.put(LATEST_API_VERSION, "[{\"name\":\"v1\",\"served\":true,\"storage\":true}]");
        annotations.put(STORAGE_API_VERSION, "v1");
        return current;
      });
      return;
    }
    JsonNode vmi = ownedVmi(vm);
    String[] failure = null;
    if (Json.deleting(vm)) {
      if (vmi == null) {
        removeFinalizer(ref);
        return;
      }
      stopVmi(vm, vmi);
    } else {
      if (!hasFinalizer(vm.path("metadata"), Vmis.VM_CONTROLLER_FINALIZER)) {
        api.update(KubeVirtTypes.VIRTUAL_MACHINES, ref.namespace(), ref.name(), current -> {
          Json.withArray(current, "metadata", "finalizers").add(Vmis.VM_CONTROLLER_FINALIZER);
          return current;
        });
        return;
      }
      boolean dataVolumesReady = dataVolumesReady(vm);
      try {
        failure = syncRunStrategy(vm, vmi, RunStrategies.of(vm), dataVolumesReady);
      } catch (IllegalStateException e) {
        failure = new String[] {"FailedCreate", "Error fetching RunStrategy: " + e.getMessage()};
      }
      vmi = ownedVmi(vm);
    }
    JsonNode observed = vmi;
    String[] syncFailure = failure;
    api.updateStatus(KubeVirtTypes.VIRTUAL_MACHINES, ref.namespace(), ref.name(),
        current -> VmStatus.apply(current, observed, syncFailure, store));
    if (vmi != null && Vmis.isFinal(vmi) && hasFinalizer(vmi.path("metadata"), Vmis.VM_CONTROLLER_FINALIZER)) {
      api.update(KubeVirtTypes.VIRTUAL_MACHINE_INSTANCES, ref.namespace(), ref.name(), current -> {
        VmiController.remove(Json.withArray(current, "metadata", "finalizers"), Vmis.VM_CONTROLLER_FINALIZER);
        return current;
      });
    }
  }

  /** Acts on the run strategy; returns the sync failure (reason, message) or null. */
  private String[] syncRunStrategy(JsonNode vm, JsonNode vmi, String strategy, boolean dataVolumesReady) {
    switch (strategy) {
      case RunStrategies.ALWAYS:
        if (vmi != null) {
          if (StateChangeRequests.hasStopFor(vm, vmi) || Vmis.isFinal(vmi)) {
            stopVmi(vm, vmi);
          }
          return null;
        }
        return startVmi(vm, dataVolumesReady);
      case RunStrategies.RERUN_ON_FAILURE:
        if (vmi != null) {
          boolean failed = Vmis.phase(vmi).equals(Vmis.FAILED);
          boolean stop = StateChangeRequests.hasStopFor(vm, vmi) || failed || Vmis.phase(vmi).equals(Vmis.SUCCEEDED);
          if (!Json.deleting(vmi) && stop) {
            stopVmi(vm, vmi);
            if (failed) {
              addStartRequest(vm);
            }
          }
          return null;
        }
        if (StateChangeRequests.hasStart(vm) || !strategy.equals(Json.text(vm, "status", "runStrategy"))) {
          return startVmi(vm, dataVolumesReady);
        }
        return null;
      case RunStrategies.MANUAL:
        if (vmi != null) {
          if (StateChangeRequests.hasStopFor(vm, vmi)) {
            stopVmi(vm, vmi);
          }
          return null;
        }
        return StateChangeRequests.hasStart(vm) ? startVmi(vm, dataVolumesReady) : null;
      case RunStrategies.HALTED:
        if (vmi == null) {
          if (StateChangeRequests.hasStart(vm)) {
            api.update(KubeVirtTypes.VIRTUAL_MACHINES, Json.namespace(vm), Json.name(vm), current -> {
              if (RunStrategies.usesRunning(current)) {
                Json.with(current, "spec").put("running", true);
              } else {
                Json.with(current, "spec").put("runStrategy", RunStrategies.ALWAYS);
              }
              return current;
            });
          }
          return null;
        }
        stopVmi(vm, vmi);
        return null;
      case RunStrategies.ONCE:
        return vmi == null ? startVmi(vm, dataVolumesReady) : null;
      default:
        return new String[] {"FailedCreate", "unknown runstrategy: " + strategy};
    }
  }

  private String[] startVmi(JsonNode vm, boolean dataVolumesReady) {
    if (!dataVolumesReady) {
      return null;
    }
    ObjectNode vmi = VmiTemplate.from(vm, StateChangeRequests.hasStartPaused(vm));
    try {
      api.create(KubeVirtTypes.VIRTUAL_MACHINE_INSTANCES, vmi);
    } catch (ApiException e) {
      events.warning(vm, SOURCE, "FailedCreate", "Error creating virtual machine instance: " + e.statusMessage());
      return new String[] {"FailedCreate", "failure while starting VMI: " + e.statusMessage()};
    }
    events.normal(vm, SOURCE, "SuccessfulCreate",
        "Started the virtual machine by creating the new virtual machine instance " + Json.name(vm));
    return null;
  }

  private void stopVmi(JsonNode vm, JsonNode vmi) {
    if (Json.deleting(vmi)) {
      return;
    }
    api.delete(KubeVirtTypes.VIRTUAL_MACHINE_INSTANCES, Json.namespace(vmi), Json.name(vmi));
    events.normal(vm, SOURCE, "SuccessfulDelete",
        "Stopped the virtual machine by deleting the virtual machine instance " + Json.uid(vmi));
  }

  private void addStartRequest(JsonNode vm) {
    api.updateStatus(KubeVirtTypes.VIRTUAL_MACHINES, Json.namespace(vm), Json.name(vm), current -> {
      Json.withArray(current, "status", "stateChangeRequests").addObject().put("action", StateChangeRequests.START);
      return current;
    });
  }

  /** Creates the DataVolumes of the VM's templates; whether all of the VM's DataVolumes are ready. */
  private boolean dataVolumesReady(JsonNode vm) {
    for (JsonNode template : Json.items(vm, "spec", "dataVolumeTemplates")) {
      String name = Json.text(template, "metadata", "name");
      if (name != null && store.get(CdiTypes.DATA_VOLUMES, Json.namespace(vm), name).isEmpty()) {
        ObjectNode dv = Json.object();
        dv.put("apiVersion", CdiTypes.DATA_VOLUMES.apiVersion());
        dv.put("kind", "DataVolume");
        ObjectNode metadata = ((ObjectNode) template.path("metadata")).deepCopy();
        metadata.put("namespace", Json.namespace(vm));
        ObjectNode owner = metadata.putArray("ownerReferences").addObject();
        owner.put("apiVersion", "kubevirt.io/v1");
        owner.put("kind", "VirtualMachine");
        owner.put("name", Json.name(vm));
        owner.put("uid", Json.uid(vm));
        owner.put("controller", true);
        owner.put("blockOwnerDeletion", true);
        dv.set("metadata", metadata);
        dv.set("spec", template.path("spec").deepCopy());
        try {
          api.create(CdiTypes.DATA_VOLUMES, dv);
          events.normal(vm, SOURCE, "SuccessfulDataVolumeCreate", "Created DataVolume " + name);
        } catch (ApiException e) {
          events.warning(vm, SOURCE, "FailedDataVolumeCreate", "Error creating DataVolume " + name + ": " + e.statusMessage());
        }
      }
    }
    for (String name : Vmis.dataVolumes(vm.path("spec").path("template"))) {
      String phase = store.get(CdiTypes.DATA_VOLUMES, Json.namespace(vm), name)
          .map(dv -> Json.textOr(dv.view(), "", "status", "phase")).orElse("");
      if (!READY_DV_PHASES.contains(phase)) {
        return false;
      }
    }
    return true;
  }

  /** The VMI of the same name, if this VM owns it. */
  private JsonNode ownedVmi(JsonNode vm) {
    JsonNode vmi = store.get(KubeVirtTypes.VIRTUAL_MACHINE_INSTANCES, Json.namespace(vm), Json.name(vm))
        .map(StoredObject::view).orElse(null);
    if (vmi == null) {
      return null;
    }
    for (JsonNode owner : Json.items(vmi, "metadata", "ownerReferences")) {
      if (Json.uid(vm).equals(Json.text(owner, "uid"))) {
        return vmi;
      }
    }
    return null;
  }

  private void removeFinalizer(ObjectRef ref) {
    api.update(KubeVirtTypes.VIRTUAL_MACHINES, ref.namespace(), ref.name(), current -> {
      ArrayNode finalizers = Json.withArray(current, "metadata", "finalizers");
      VmiController.remove(finalizers, Vmis.VM_CONTROLLER_FINALIZER);
      return current;
    });
  }

  private static boolean hasFinalizer(JsonNode metadata, String finalizer) {
    return Json.items(metadata, "finalizers").stream().anyMatch(f -> finalizer.equals(f.asString()));
  }
}
