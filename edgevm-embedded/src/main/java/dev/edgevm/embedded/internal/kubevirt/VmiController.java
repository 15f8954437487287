package dev.edgevm.embedded.internal.kubevirt;

import dev.edgevm.embedded.internal.api.ApiException;
import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.api.ObjectStore;
import dev.edgevm.embedded.internal.api.StoredObject;
import dev.edgevm.embedded.internal.catalog.CdiTypes;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.catalog.KubeVirtTypes;
import dev.edgevm.embedded.internal.catalog.NetworkTypes;
import dev.edgevm.embedded.internal.events.EventRecorder;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.nodes.PodStatuses;
import dev.edgevm.embedded.internal.runtime.ObjectRef;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * virt-controller's VMI controller: creates the virt-launcher pod once the VMI's DataVolumes are
 * ready, moves the VMI from Pending through Scheduling to Scheduled as the pod is scheduled and
 * becomes ready (copying the pod's PodScheduled=False and image pull errors onto the VMI),
 * mirrors the pause state into the pod's readiness gate, deletes the pods of a deleted VMI and
 * removes its finalizer once they are gone.
 */
final class VmiController {

  private static final EventRecorder.Source SOURCE = new EventRecorder.Source("virtualmachine-controller", null);
  private static final Set<String> READY_DV_PHASES = Set.of("Succeeded", "WaitForFirstConsumer", "PendingPopulation");

  /** An error of this sync, reported as the Synchronized=False condition (KubeVirt's SyncError). */
  private record SyncError(String reason, String message) {
  }

  private final ObjectStore store;
  private final ClusterApi api;
  private final EventRecorder events;

  VmiController(ObjectStore store, ClusterApi api, EventRecorder events) {
    this.store = store;
    this.api = api;
    this.events = events;
  }

  void reconcile(ObjectRef ref) {
    Optional<StoredObject> stored = store.get(KubeVirtTypes.VIRTUAL_MACHINE_INSTANCES, ref.namespace(), ref.name());
    if (stored.isEmpty()) {
      return;
    }
    JsonNode vmi = stored.get().view();
    JsonNode pod = launcherPod(vmi);
    SyncError syncError = sync(vmi, pod);
    if (pod == null && syncError == null) {
      pod = launcherPod(vmi);
    }
    if (pod != null && !Json.deleting(pod)) {
      syncPausedGate(vmi, pod);
    }
    JsonNode currentPod = pod;
    api.update(KubeVirtTypes.VIRTUAL_MACHINE_INSTANCES, ref.namespace(), ref.name(),
        current -> status(current, currentPod, syncError));
  }

  JsonNode launcherPod(JsonNode vmi) {
    List<StoredObject> pods = store.byLabel(CoreTypes.PODS, Json.namespace(vmi), KubeVirtComponent.CREATED_BY, Json.uid(vmi));
    return pods.isEmpty() ? null : pods.get(0).view();
  }

  private SyncError sync(JsonNode vmi, JsonNode pod) {
    if (Json.deleting(vmi)) {
      // at once: a pod hosting the guest is deleted gracefully and ends when the guest is down
      if (pod != null && (!Json.deleting(pod) || PodStatuses.isFinished(pod))) {
        if (api.delete(CoreTypes.PODS, Json.namespace(pod), Json.name(pod))) {
          events.normal(vmi, SOURCE, "SuccessfulDelete", "Deleted virtual machine pod " + Json.name(pod));
        }
      }
      return null;
    }
    if (Vmis.isFinal(vmi) || pod != null || !Vmis.isUnprocessed(vmi)) {
      return null;
    }
    for (String dataVolume : Vmis.dataVolumes(vmi)) {
      Optional<StoredObject> dv = store.get(CdiTypes.DATA_VOLUMES, Json.namespace(vmi), dataVolume);
      if (dv.isEmpty() || !READY_DV_PHASES.contains(Json.textOr(dv.get().view(), "", "status", "phase"))) {
        return null;
      }
    }
    ObjectNode rendered;
    try {
      rendered = LauncherPods.render(vmi, (ns, name) -> store.get(NetworkTypes.NETWORK_ATTACHMENT_DEFINITIONS, ns, name)
          .map(StoredObject::view).orElse(null));
    } catch (LauncherPods.RenderException e) {
      String message = "failed to render launch manifest: " + e.getMessage();
      events.warning(vmi, SOURCE, "FailedCreate", message);
      return new SyncError("FailedCreate", message);
    }
    try {
      ObjectNode created = api.create(CoreTypes.PODS, rendered);
      events.normal(vmi, SOURCE, "SuccessfulCreate", "Created virtual machine pod " + Json.name(created));
      return null;
    } catch (ApiException e) {
      events.warning(vmi, SOURCE, "FailedCreate", "Error creating pod: " + e.statusMessage());
      return new SyncError("FailedCreate", "failed to create virtual machine pod: " + e.statusMessage());
    }
  }

  /** The pod's readiness gate follows the VMI's Paused condition. */
  private void syncPausedGate(JsonNode vmi, JsonNode pod) {
    boolean paused = Vmis.isPaused(vmi);
    String wanted = paused ? "False" : "True";
    if (Conditions.hasStatus(pod, LauncherPods.UNPAUSED_GATE, wanted)) {
      return;
    }
    api.updateStatus(CoreTypes.PODS, Json.namespace(pod), Json.name(pod), current -> {
      Conditions.set(current, LauncherPods.UNPAUSED_GATE, wanted, paused ? "Paused" : "NotPaused",
          paused ? "the virtual machine is paused" : "the virtual machine is not paused");
      return current;
    });
  }

  private ObjectNode status(ObjectNode vmi, JsonNode pod, SyncError syncError) {
    boolean podExists = pod != null;
    ArrayNode finalizers = Json.withArray(vmi, "metadata", "finalizers");
    if (!Vmis.isFinal(vmi) && !Json.deleting(vmi) && !contains(finalizers, Vmis.VMI_FINALIZER)) {
      finalizers.add(Vmis.VMI_FINALIZER);
    }
    readyFromPod(vmi, pod);
    ObjectNode status = Json.with(vmi, "status");
    String phase = Vmis.phase(vmi);
    SyncError error = syncError;
    if (Vmis.isUnprocessed(vmi)) {
      if (podExists) {
        status.put("phase", Vmis.SCHEDULING);
      } else if (Json.deleting(vmi)) {
        status.put("phase", Vmis.FAILED);
      } else {
        status.put("phase", Vmis.PENDING);
      }
    } else if (phase.equals(Vmis.SCHEDULING)) {
      if (!podExists) {
        status.put("phase", Vmis.FAILED);
      } else {
        JsonNode scheduled = Conditions.find(pod, "PodScheduled");
        if (scheduled != null && "False".equals(Json.text(scheduled, "status"))) {
          Conditions.copy(vmi, scheduled);
        } else {
          Conditions.remove(vmi, "PodScheduled");
        }
        SyncError imageError = imageError(pod);
        if (imageError != null) {
          error = imageError;
        }
        if (Conditions.hasStatus(pod, "Ready", "True") && !Json.deleting(vmi)) {
          status.put("phase", Vmis.SCHEDULED);
          status.put("nodeName", Json.text(pod, "spec", "nodeName"));
          Json.with(vmi, "metadata", "labels").put("kubevirt.io/nodeName", Json.text(pod, "spec", "nodeName"));
          status.put("qosClass", Json.text(pod, "status", "qosClass"));
          status.put("launcherContainerImageVersion", LauncherPods.LAUNCHER_IMAGE);
          Json.with(status, "activePods").put(Json.uid(pod), Json.text(pod, "spec", "nodeName"));
        } else if (isDown(pod)) {
          status.put("phase", Vmis.FAILED);
        }
      }
    } else if (Vmis.isFinal(vmi)) {
      if (!podExists) {
        remove(finalizers, Vmis.VMI_FINALIZER);
      }
      if (!hasOwnerVm(vmi)) {
        remove(finalizers, Vmis.VM_CONTROLLER_FINALIZER);
      }
    } else if ((phase.equals(Vmis.RUNNING) || phase.equals(Vmis.SCHEDULED)) && !podExists) {
      status.put("phase", Vmis.FAILED);
    }
    if (!phase.equals(Vmis.RUNNING) && !phase.equals(Vmis.SCHEDULED)) {
      if (error != null) {
        Conditions.set(vmi, "Synchronized", "False", error.reason(), error.message());
      } else {
        Conditions.remove(vmi, "Synchronized");
      }
    }
    recordPhaseTransition(status, phase);
    return vmi;
  }

  private static void readyFromPod(ObjectNode vmi, JsonNode pod) {
    if (pod == null) {
      Conditions.set(vmi, "Ready", "False", "PodNotExists", "virt-launcher pod has not yet been scheduled");
    } else if (isDown(pod)) {
      Conditions.set(vmi, "Ready", "False", "PodTerminating", "virt-launcher pod is terminating");
    } else if (!Vmis.isRunning(vmi)) {
      Conditions.set(vmi, "Ready", "False", "GuestNotRunning", "Guest VM is not reported as running");
    } else {
      JsonNode ready = Conditions.find(pod, "Ready");
      if (ready == null) {
        Conditions.set(vmi, "Ready", "False", "PodConditionMissing", "virt-launcher pod is missing the Ready condition");
      } else {
        Conditions.copy(vmi, ready);
      }
    }
  }

  private static SyncError imageError(JsonNode pod) {
    for (String field : List.of("initContainerStatuses", "containerStatuses")) {
      for (JsonNode container : Json.items(pod, "status", field)) {
        String reason = Json.text(container, "state", "waiting", "reason");
        if ("ErrImagePull".equals(reason) || "ImagePullBackOff".equals(reason)) {
          return new SyncError(reason, Json.textOr(container, "", "state", "waiting", "message"));
        }
      }
    }
    return null;
  }

  private static boolean isDown(JsonNode pod) {
    String phase = Json.textOr(pod, "", "status", "phase");
    return Json.deleting(pod) || phase.equals("Succeeded") || phase.equals("Failed");
  }

  private boolean hasOwnerVm(JsonNode vmi) {
    for (JsonNode owner : Json.items(vmi, "metadata", "ownerReferences")) {
      if ("VirtualMachine".equals(Json.text(owner, "kind"))) {
        return store.get(KubeVirtTypes.VIRTUAL_MACHINES, Json.namespace(vmi), Json.text(owner, "name"))
            .filter(vm -> Json.textOr(owner, "", "uid").equals(Json.uid(vm.view()))).isPresent();
      }
    }
    return false;
  }

  private static void recordPhaseTransition(ObjectNode status, String before) {
    String after = Json.textOr(status, "", "phase");
    if (after.isEmpty() || after.equals(before)) {
      return;
    }
    ObjectNode transition = Json.withArray(status, "phaseTransitionTimestamps").addObject();
    transition.put("phase", after);
    transition.put("phaseTransitionTimestamp", Json.now());
  }

  private static boolean contains(ArrayNode array, String value) {
    for (JsonNode element : array) {
      if (value.equals(element.asString())) {
        return true;
      }
    }
    return false;
  }

  static void remove(ArrayNode array, String value) {
    for (int i = array.size() - 1; i >= 0; i--) {
      if (value.equals(array.get(i).asString())) {
        array.remove(i);
      }
    }
  }
}
