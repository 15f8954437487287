package dev.edgevm.embedded.internal.snapshot;

import dev.edgevm.embedded.internal.api.ApiException;
import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.catalog.KubeVirtTypes;
import dev.edgevm.embedded.internal.catalog.SnapshotTypes;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.runtime.ControllerLoop;
import dev.edgevm.embedded.internal.runtime.ObjectRef;
import dev.edgevm.embedded.internal.storage.Finalizers;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * KubeVirt's VirtualMachineRestore controller: restores a VM's volumes from a ready snapshot into
 * new claims ({@code restore-<uid>-<volume>}, or per volumeRestorePolicy and overrides) provisioned
 * from the VolumeSnapshots, then points the VM at them. The target VM must be stopped: with the
 * default targetReadinessPolicy the restore waits for that and fails after five minutes;
 * FailImmediate fails at once; StopTarget stops the VM.
 */
final class VmRestoreController {

  static final String FINALIZER = "snapshot.kubevirt.io/vmrestore-protection";
  static final String RESTORE_NAME_ANNOTATION = "restore.kubevirt.io/name";
  static final String LAST_RESTORE_ANNOTATION = "restore.kubevirt.io/lastRestoreUID";
  static final String SOURCE_NAME_LABEL = "restore.kubevirt.io/source-vm-name";
  static final String SOURCE_NAMESPACE_LABEL = "restore.kubevirt.io/source-vm-namespace";
  static final String WAIT_GRACE_PERIOD = "Waiting for target VM to be powered off. Please stop the restore target to"
      + " proceed with restore, or the operation will fail after 5m0s";
  static final String WAIT_EVENTUALLY = "Waiting for target VM to be powered off. Please stop the restore target to"
      + " proceed with restore";
  static final String NOT_READY_FAILURE = "Restore target VMI must be powered off before restore operation";
  static final String GRACE_EXCEEDED = "Restore target failed to be ready within 5m0s. Please power off the target VM"
      + " before attempting restore";
  private static final Duration GRACE_PERIOD = Duration.ofMinutes(5);
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final ClusterApi api;
  private final RestoreTarget target;
  private ControllerLoop<ObjectRef> loop;

  VmRestoreController(ClusterApi api) {
    this.api = api;
    this.target = new RestoreTarget(api);
  }

  void start(ClusterContext context) {
    loop = context.controller("vmrestore-controller", this::reconcile);
    context.subscribe(SnapshotTypes.VM_RESTORES, event -> loop.enqueue(new ObjectRef(event.namespace(), event.name())));
  }

  private void reconcile(ObjectRef ref) {
    ObjectNode restore = api.get(SnapshotTypes.VM_RESTORES, ref.namespace(), ref.name()).orElse(null);
    if (restore == null) {
      return;
    }
    String vmName = Json.text(restore, "spec", "target", "name");
    if (Json.deleting(restore)) {
      target.unlock(ref.namespace(), vmName, ref.name());
      Finalizers.remove(api, SnapshotTypes.VM_RESTORES, ref.namespace(), ref.name(), FINALIZER);
      return;
    }
    if (!Finalizers.has(restore, FINALIZER)) {
      api.update(SnapshotTypes.VM_RESTORES, ref.namespace(), ref.name(), current -> {
        Json.withArray(current, "metadata", "finalizers").add(FINALIZER);
        return current;
      });
      return;
    }
    if (Json.bool(restore, false, "status", "complete")
        || SnapshotConditions.has(Json.at(restore, "status"), SnapshotConditions.FAILURE)) {
      return;
    }
    if (!Json.at(restore, "status").isObject()) {
      update(ref, status -> {
        status.put("complete", false);
        SnapshotConditions.set(status, SnapshotConditions.PROGRESSING, true, "Initializing VirtualMachineRestore");
        SnapshotConditions.set(status, SnapshotConditions.READY, false, "Initializing VirtualMachineRestore");
      });
    }
    String problem = null;
    JsonNode content = null;
    String snapshotKey = ref.namespace() + "/" + Json.text(restore, "spec", "virtualMachineSnapshotName");
    Optional<ObjectNode> snapshot = api.get(SnapshotTypes.VM_SNAPSHOTS, ref.namespace(),
        Json.text(restore, "spec", "virtualMachineSnapshotName"));
    if (snapshot.isEmpty()) {
      problem = "VMSnapshot " + snapshotKey + " does not exist";
    } else if ("Failed".equals(Json.text(snapshot.get(), "status", "phase"))) {
      problem = "VMSnapshot " + snapshotKey + " failed and is invalid to use";
    } else if (!Json.bool(snapshot.get(), false, "status", "readyToUse")) {
      problem = "VMSnapshot " + snapshotKey + " not ready";
    } else {
      content = api.get(SnapshotTypes.VM_SNAPSHOT_CONTENTS, ref.namespace(),
          SnapshotContents.contentName(snapshot.get())).orElse(null);
      if (content == null || !Json.bool(content, false, "status", "readyToUse")) {
        problem = "VMSnapshotContent " + ref.namespace() + "/" + SnapshotContents.contentName(snapshot.get())
            + " not ready";
      }
    }
    if (problem != null) {
      error(ref, problem);
      return;
    }
    Optional<ObjectNode> vm = api.get(KubeVirtTypes.VIRTUAL_MACHINES, ref.namespace(), vmName);
    String sourceUid = Json.text(content, "spec", "source", "virtualMachine", "metadata", "uid");
    if (vm.isPresent() && !vm.get().path("metadata").path("uid").asString("").equals(sourceUid)
        && !ref.name().equals(Json.annotations(vm.get()).get(RESTORE_NAME_ANNOTATION))) {
      fail(ref, "restore source and restore target are different but restore target already exists");
      return;
    }
    if (vm.isPresent() && !targetReady(ref, restore, vm.get())) {
      return;
    }
    if (vm.isPresent()) {
      target.lock(ref.namespace(), vmName, ref.name());
    }
    RestoreTarget.Progress progress = target.restoreVolumes(restore, content);
    if (!progress.claimsBound()) {
      update(ref, status -> {
        status.set("restores", progress.restores());
        SnapshotConditions.set(status, SnapshotConditions.PROGRESSING, true, "Creating new PVCs");
        SnapshotConditions.set(status, SnapshotConditions.READY, false, "Waiting for new PVCs");
      });
      loop.enqueueAfter(ref, RETRY);
      return;
    }
    target.updateVm(restore, content, progress.restores(), vm.orElse(null));
    target.unlock(ref.namespace(), vmName, ref.name());
    update(ref, status -> {
      status.set("restores", progress.restores());
      status.put("complete", true);
      status.put("restoreTime", Json.now());
      SnapshotConditions.set(status, SnapshotConditions.PROGRESSING, false, "Operation complete");
      SnapshotConditions.set(status, SnapshotConditions.READY, true, "Operation complete");
    });
  }

  /** The VM must be powered off; true when it is, else the readiness policy decides. */
  private boolean targetReady(ObjectRef ref, JsonNode restore, JsonNode vm) {
    if (api.get(KubeVirtTypes.VIRTUAL_MACHINE_INSTANCES, ref.namespace(), Json.name(vm)).isEmpty()) {
      return true;
    }
    String policy = Json.textOr(restore, "WaitGracePeriod", "spec", "targetReadinessPolicy");
    switch (policy) {
      case "FailImmediate":
        fail(ref, NOT_READY_FAILURE);
        return false;
      case "StopTarget":
        target.stop(ref.namespace(), Json.name(vm));
        error(ref, "Automatically stopping restore target for restore operation");
        return false;
      case "WaitEventually":
        error(ref, WAIT_EVENTUALLY);
        return false;
      default:
        Instant created = Instant.parse(Json.textOr(restore, Json.now(), "metadata", "creationTimestamp"));
        if (Instant.now().isAfter(created.plus(GRACE_PERIOD))) {
          fail(ref, GRACE_EXCEEDED);
        } else {
          error(ref, WAIT_GRACE_PERIOD);
        }
        return false;
    }
  }

  /** A problem that may go away: Progressing and Ready False with the message, retried. */
  private void error(ObjectRef ref, String message) {
    update(ref, status -> {
      SnapshotConditions.set(status, SnapshotConditions.PROGRESSING, false, message);
      SnapshotConditions.set(status, SnapshotConditions.READY, false, message);
    });
    loop.enqueueAfter(ref, RETRY);
  }

  /** A terminal problem: the Failure condition as well. */
  private void fail(ObjectRef ref, String message) {
    update(ref, status -> {
      SnapshotConditions.set(status, SnapshotConditions.PROGRESSING, false, message);
      SnapshotConditions.set(status, SnapshotConditions.READY, false, message);
      SnapshotConditions.set(status, SnapshotConditions.FAILURE, true, message);
    });
  }

  private void update(ObjectRef ref, java.util.function.Consumer<ObjectNode> change) {
    try {
      api.updateStatus(SnapshotTypes.VM_RESTORES, ref.namespace(), ref.name(), current -> {
        change.accept(Json.with(current, "status"));
        return current;
      });
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
  }
}
