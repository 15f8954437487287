package dev.edgevm.embedded.internal.snapshot;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.catalog.SnapshotTypes;
import dev.edgevm.embedded.internal.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A VirtualMachineSnapshot's content, as KubeVirt makes it: {@code vmsnapshot-content-<uid>} with
 * the VM's spec and one volume backup per claim that can be snapshotted, a VolumeSnapshot
 * {@code vmsnapshot-<uid>-volume-<volume>} per backup (owned by the content), and a status that is
 * ready once every VolumeSnapshot is.
 */
final class SnapshotContents {

  static final String SOURCE_NAME_LABEL = "snapshot.kubevirt.io/source-vm-name";
  static final String SOURCE_NAMESPACE_LABEL = "snapshot.kubevirt.io/source-vm-namespace";

  private final ClusterApi api;
  private final VmVolumes volumes;

  SnapshotContents(ClusterApi api) {
    this.api = api;
    this.volumes = new VmVolumes(api);
  }

  static String contentName(JsonNode snapshot) {
    String named = Json.text(snapshot, "status", "virtualMachineSnapshotContentName");
    return named != null ? named : "vmsnapshot-content-" + Json.uid(snapshot);
  }

  /** Creates the content for the VM, with its volume backups. */
  ObjectNode create(JsonNode snapshot, JsonNode vm) {
    String namespace = Json.namespace(snapshot);
    ObjectNode content = Json.object();
    content.put("apiVersion", "snapshot.kubevirt.io/v1beta1");
    content.put("kind", "VirtualMachineSnapshotContent");
    ObjectNode metadata = content.putObject("metadata");
    metadata.put("name", contentName(snapshot));
    metadata.put("namespace", namespace);
    ObjectNode spec = content.putObject("spec");
    spec.put("virtualMachineSnapshotName", Json.name(snapshot));
    ObjectNode sourceVm = spec.putObject("source").putObject("virtualMachine");
    ObjectNode vmMetadata = sourceVm.putObject("metadata");
    vmMetadata.put("name", Json.name(vm));
    vmMetadata.put("namespace", namespace);
    vmMetadata.put("uid", Json.uid(vm));
    vmMetadata.set("labels", Json.at(vm, "metadata", "labels").isObject()
        ? Json.at(vm, "metadata", "labels").deepCopy() : Json.object());
    sourceVm.set("spec", Json.at(vm, "spec").deepCopy());
    ArrayNode backups = spec.putArray("volumeBackups");
    for (Map.Entry<String, String> volume : VmVolumes.claims(Json.at(vm, "spec")).entrySet()) {
      Optional<ObjectNode> pvc = api.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, namespace, volume.getValue());
      if (pvc.isEmpty() || !"Bound".equals(Json.text(pvc.get(), "status", "phase"))) {
        continue;
      }
      String storageClass = Json.textOr(pvc.get(), "", "spec", "storageClassName");
      if (storageClass.isEmpty() || volumes.snapshotClass(storageClass).isEmpty()) {
        continue;
      }
      ObjectNode backup = backups.addObject();
      backup.put("volumeName", volume.getKey());
      ObjectNode claim = backup.putObject("persistentVolumeClaim");
      ObjectNode claimMetadata = claim.putObject("metadata");
      claimMetadata.put("name", volume.getValue());
      claimMetadata.put("namespace", namespace);
      if (Json.at(pvc.get(), "metadata", "labels").isObject()) {
        claimMetadata.set("labels", Json.at(pvc.get(), "metadata", "labels").deepCopy());
      }
      if (Json.at(pvc.get(), "metadata", "annotations").isObject()) {
        claimMetadata.set("annotations", Json.at(pvc.get(), "metadata", "annotations").deepCopy());
      }
      claim.set("spec", Json.at(pvc.get(), "spec").deepCopy());
      backup.put("volumeSnapshotName", "vmsnapshot-" + Json.uid(snapshot) + "-volume-" + volume.getKey());
    }
    return api.createOrGet(SnapshotTypes.VM_SNAPSHOT_CONTENTS, content);
  }

  /** Creates the missing VolumeSnapshots and brings the content's status up to date. */
  ObjectNode sync(ObjectNode content) {
    String namespace = Json.namespace(content);
    String vmName = Json.text(content, "spec", "source", "virtualMachine", "metadata", "name");
    ArrayNode volumeStatuses = Json.array();
    boolean ready = true;
    String error = null;
    String creationTime = null;
    for (JsonNode backup : Json.items(content, "spec", "volumeBackups")) {
      String name = Json.text(backup, "volumeSnapshotName");
      ObjectNode volumeSnapshot = api.get(SnapshotTypes.VOLUME_SNAPSHOTS, namespace, name)
          .orElseGet(() -> createVolumeSnapshot(content, backup, vmName));
      boolean snapshotReady = Json.bool(volumeSnapshot, false, "status", "readyToUse");
      ObjectNode volumeStatus = volumeStatuses.addObject();
      volumeStatus.put("volumeSnapshotName", name);
      volumeStatus.put("readyToUse", snapshotReady);
      String time = Json.text(volumeSnapshot, "status", "creationTime");
      if (time != null) {
        volumeStatus.put("creationTime", time);
        creationTime = creationTime == null || time.compareTo(creationTime) > 0 ? time : creationTime;
      }
      String message = Json.text(volumeSnapshot, "status", "error", "message");
      if (message != null && !snapshotReady) {
        volumeStatus.putObject("error").put("message", message);
        error = "VolumeSnapshot " + name + " error: " + message;
      }
      ready &= snapshotReady;
    }
    boolean allReady = ready;
    String firstError = error;
    String created = creationTime == null ? Json.now() : creationTime;
    return api.updateStatus(SnapshotTypes.VM_SNAPSHOT_CONTENTS, namespace, Json.name(content), current -> {
      ObjectNode status = Json.with(current, "status");
      status.set("volumeSnapshotStatus", volumeStatuses);
      status.put("readyToUse", allReady);
      if (allReady && !status.has("creationTime")) {
        status.put("creationTime", created);
      }
      if (firstError != null && !allReady) {
        ObjectNode errorNode = status.putObject("error");
        errorNode.put("message", firstError);
        errorNode.put("time", Json.now());
      } else {
        status.remove("error");
      }
      return current;
    }).orElse(content);
  }

  private ObjectNode createVolumeSnapshot(JsonNode content, JsonNode backup, String vmName) {
    String namespace = Json.namespace(content);
    String claim = Json.text(backup, "persistentVolumeClaim", "metadata", "name");
    String storageClass = Json.textOr(backup, "", "persistentVolumeClaim", "spec", "storageClassName");
    ObjectNode volumeSnapshot = Json.object();
    volumeSnapshot.put("apiVersion", "snapshot.storage.k8s.io/v1");
    volumeSnapshot.put("kind", "VolumeSnapshot");
    ObjectNode metadata = volumeSnapshot.putObject("metadata");
    metadata.put("name", Json.text(backup, "volumeSnapshotName"));
    metadata.put("namespace", namespace);
    ObjectNode labels = metadata.putObject("labels");
    labels.put(SOURCE_NAME_LABEL, vmName);
    labels.put(SOURCE_NAMESPACE_LABEL, namespace);
    ObjectNode owner = metadata.putArray("ownerReferences").addObject();
    owner.put("apiVersion", "snapshot.kubevirt.io/v1beta1");
    owner.put("kind", "VirtualMachineSnapshotContent");
    owner.put("name", Json.name(content));
    owner.put("uid", Json.uid(content));
    owner.put("controller", true);
    owner.put("blockOwnerDeletion", true);
    ObjectNode spec = volumeSnapshot.putObject("spec");
    spec.putObject("source").put("persistentVolumeClaimName", claim);
    volumes.snapshotClass(storageClass).ifPresent(vsc -> spec.put("volumeSnapshotClassName", vsc));
    return api.createOrGet(SnapshotTypes.VOLUME_SNAPSHOTS, volumeSnapshot);
  }

  /** The names of the volumes with a backup in the content. */
  static List<String> backedUpVolumes(JsonNode content) {
    return Json.items(content, "spec", "volumeBackups").stream().map(b -> Json.text(b, "volumeName")).toList();
  }
}
