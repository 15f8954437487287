package dev.edgevm.embedded.internal.snapshot;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.api.ObjectEvent;
import dev.edgevm.embedded.internal.catalog.CdiTypes;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.catalog.KubeVirtTypes;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.runtime.ControllerLoop;
import dev.edgevm.embedded.internal.runtime.ObjectRef;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * KubeVirt's {@code status.volumeSnapshotStatuses} of VMs: per volume, whether it can be part of
 * a VirtualMachineSnapshot and, when not, why ("No VolumeSnapshotClass: Volume snapshots are not
 * configured for this StorageClass [local-storage] [rootdisk]").
 */
final class VolumeSnapshotStatuses {

  private final ClusterApi api;
  private final VmVolumes volumes;
  private final Set<ObjectRef> knownVms = ConcurrentHashMap.newKeySet();
  private ControllerLoop<ObjectRef> loop;

  VolumeSnapshotStatuses(ClusterApi api) {
    this.api = api;
    this.volumes = new VmVolumes(api);
  }

  void start(ClusterContext context) {
    loop = context.controller("vm-volume-snapshot-status", this::reconcile);
    context.subscribe(KubeVirtTypes.VIRTUAL_MACHINES, event -> {
      ObjectRef ref = new ObjectRef(event.namespace(), event.name());
      if (event.type() == ObjectEvent.Type.DELETED) {
        knownVms.remove(ref);
      } else {
        knownVms.add(ref);
        loop.enqueue(ref);
      }
    });
    context.subscribe(CoreTypes.PERSISTENT_VOLUME_CLAIMS, event -> requeueNamespace(event.namespace()));
    context.subscribe(CdiTypes.DATA_VOLUMES, event -> requeueNamespace(event.namespace()));
  }

  private void requeueNamespace(String namespace) {
    knownVms.stream().filter(vm -> vm.namespace().equals(namespace)).forEach(loop::enqueue);
  }

  private void reconcile(ObjectRef ref) {
    Optional<ObjectNode> vm = api.get(KubeVirtTypes.VIRTUAL_MACHINES, ref.namespace(), ref.name());
    if (vm.isEmpty() || Json.deleting(vm.get())) {
      return;
    }
    ArrayNode statuses = Json.array();
    for (JsonNode volume : VmVolumes.volumes(Json.at(vm.get(), "spec"))) {
      statuses.add(status(ref.namespace(), volume));
    }
    api.updateStatus(KubeVirtTypes.VIRTUAL_MACHINES, ref.namespace(), ref.name(), current -> {
      if (statuses.equals(Json.at(current, "status", "volumeSnapshotStatuses"))) {
        return null;
      }
      Json.with(current, "status").set("volumeSnapshotStatuses", statuses.deepCopy());
      return current;
    });
  }

  private ObjectNode status(String namespace, JsonNode volume) {
    String name = Json.text(volume, "name");
    ObjectNode status = Json.object();
    status.put("name", name);
    if (VmVolumes.claimOf(volume) == null) {
      status.put("enabled", false);
      status.put("reason", "Snapshot is not supported for this volumeSource type [" + name + "]");
      return status;
    }
    try {
      String storageClass = volumes.storageClassOf(namespace, volume);
      if (volumes.snapshotClass(storageClass).isEmpty()) {
        status.put("enabled", false);
        status.put("reason", "No VolumeSnapshotClass: Volume snapshots are not configured for this StorageClass ["
            + storageClass + "] [" + name + "]");
        return status;
      }
      status.put("enabled", true);
    } catch (VmVolumes.VolumeProblem e) {
      status.put("enabled", false);
      status.put("reason", e.getMessage());
    }
    return status;
  }
}
