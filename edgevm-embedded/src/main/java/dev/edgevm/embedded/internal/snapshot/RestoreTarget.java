package dev.edgevm.embedded.internal.snapshot;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.catalog.CdiTypes;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.catalog.KubeVirtTypes;
import dev.edgevm.embedded.internal.catalog.SnapshotTypes;
import dev.edgevm.embedded.internal.json.Json;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a restore does to its target: claims restored from the snapshot's VolumeSnapshots, named
 * by the volumeRestorePolicy (RandomizeNames: {@code restore-<restore uid>-<volume>}; InPlace: the
 * original name, after the old claim is gone; PrefixTargetName: {@code <vm>-<volume>}) or by
 * volumeRestoreOverrides; DataVolumes over those claims marked pre-populated; and the VM's
 * template put back as in the snapshot, pointing at the restored volumes (a VM that does not
 * exist is created from the snapshot, with the restore's JSON patches applied).
 */
final class RestoreTarget {

  private static final String PRE_POPULATED = "cdi.kubevirt.io/storage.prePopulated";

  private final ClusterApi api;

  RestoreTarget(ClusterApi api) {
    this.api = api;
  }

  record Progress(ArrayNode restores, boolean claimsBound) {
  }

  Progress restoreVolumes(JsonNode restore, JsonNode content) {
    String namespace = Json.namespace(restore);
    ArrayNode restores = Json.array();
    boolean allBound = true;
    JsonNode sourceSpec = Json.at(content, "spec", "source", "virtualMachine", "spec");
    for (JsonNode backup : Json.items(content, "spec", "volumeBackups")) {
      String volumeName = Json.text(backup, "volumeName");
      String original = Json.text(backup, "persistentVolumeClaim", "metadata", "name");
      String name = restoredName(restore, volumeName, original);
      ObjectNode entry = restores.addObject();
      entry.put("volumeName", volumeName);
      entry.put("persistentVolumeClaim", name);
      entry.put("volumeSnapshotName", Json.text(backup, "volumeSnapshotName"));
      if (isDataVolume(sourceSpec, volumeName)) {
        entry.put("dataVolumeName", name);
      }
      Optional<ObjectNode> existing = api.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, namespace, name);
      if (existing.isPresent() && !Json.name(restore).equals(
          Json.annotations(existing.get()).get(VmRestoreController.RESTORE_NAME_ANNOTATION))) {
        if (!Json.deleting(existing.get())) {
          api.delete(CoreTypes.PERSISTENT_VOLUME_CLAIMS, namespace, name);
        }
        allBound = false;
        continue;
      }
      if (existing.isEmpty()) {
        JsonNode volumeSnapshot = api.get(SnapshotTypes.VOLUME_SNAPSHOTS, namespace,
            Json.text(backup, "volumeSnapshotName")).orElse(Json.object());
        ObjectNode pvc = RestoredClaims.claim(name, namespace, backup, volumeSnapshot);
        Json.with(pvc, "metadata", "annotations").put(VmRestoreController.RESTORE_NAME_ANNOTATION, Json.name(restore));
        ObjectNode labels = Json.with(pvc, "metadata", "labels");
        labels.put(VmRestoreController.SOURCE_NAME_LABEL,
            Json.text(content, "spec", "source", "virtualMachine", "metadata", "name"));
        labels.put(VmRestoreController.SOURCE_NAMESPACE_LABEL, namespace);
        api.createIfAbsent(CoreTypes.PERSISTENT_VOLUME_CLAIMS, pvc);
        allBound = false;
        continue;
      }
      allBound &= "Bound".equals(Json.text(existing.get(), "status", "phase"));
    }
    return new Progress(restores, allBound);
  }

  /** KubeVirt's restoreVolumeName: an override, else the volume restore policy. */
  static String restoredName(JsonNode restore, String volumeName, String originalClaim) {
    for (JsonNode override : Json.items(restore, "spec", "volumeRestoreOverrides")) {
      if (volumeName.equals(Json.text(override, "volumeName")) && Json.text(override, "restoreName") != null) {
        return Json.text(override, "restoreName");
      }
    }
    switch (Json.textOr(restore, "RandomizeNames", "spec", "volumeRestorePolicy")) {
      case "InPlace":
        return originalClaim;
      case "PrefixTargetName":
        return Json.text(restore, "spec", "target", "name") + "-" + volumeName;
      default:
        return "restore-" + Json.uid(restore) + "-" + volumeName;
    }
  }

  private static boolean isDataVolume(JsonNode vmSpec, String volumeName) {
    return VmVolumes.volumes(vmSpec).stream().anyMatch(v -> volumeName.equals(Json.text(v, "name"))
        && Json.text(v, "dataVolume", "name") != null);
  }

  /** Puts the snapshot's template back on the VM (creating it when absent), with the restored volumes. */
  void updateVm(JsonNode restore, JsonNode content, ArrayNode restores, JsonNode vm) {
    String namespace = Json.namespace(restore);
    String vmName = Json.text(restore, "spec", "target", "name");
    ObjectNode spec = (ObjectNode) Json.at(content, "spec", "source", "virtualMachine", "spec").deepCopy();
    for (JsonNode entry : restores) {
      String volumeName = Json.text(entry, "volumeName");
      String claim = Json.text(entry, "persistentVolumeClaim");
      for (JsonNode volume : Json.items(spec, "template", "spec", "volumes")) {
        if (!volumeName.equals(Json.text(volume, "name"))) {
          continue;
        }
        ObjectNode writable = (ObjectNode) volume;
        if (writable.has("dataVolume")) {
          String original = Json.text(volume, "dataVolume", "name");
          ((ObjectNode) writable.get("dataVolume")).put("name", claim);
          renameTemplate(spec, original, claim);
          ensureDataVolume(namespace, claim, spec, entry);
        } else if (writable.has("persistentVolumeClaim")) {
          ((ObjectNode) writable.get("persistentVolumeClaim")).put("claimName", claim);
        }
      }
    }
    String marker = Json.name(restore) + "-" + Json.uid(restore);
    if (vm == null) {
      ObjectNode created = Json.object();
      created.put("apiVersion", "kubevirt.io/v1");
      created.put("kind", "VirtualMachine");
      ObjectNode metadata = created.putObject("metadata");
      metadata.put("name", vmName);
      metadata.put("namespace", namespace);
      metadata.putObject("annotations").put(VmRestoreController.LAST_RESTORE_ANNOTATION, marker)
          .put(VmRestoreController.RESTORE_NAME_ANNOTATION, Json.name(restore));
      created.set("spec", spec);
      ObjectNode patched = applyPatches(created, Json.items(restore, "spec", "patches"));
      Json.with(patched, "metadata").put("name", vmName);
      api.createIfAbsent(KubeVirtTypes.VIRTUAL_MACHINES, patched);
      return;
    }
    api.update(KubeVirtTypes.VIRTUAL_MACHINES, namespace, vmName, current -> {
      ObjectNode currentSpec = Json.with(current, "spec");
      currentSpec.set("template", spec.get("template"));
      if (spec.has("dataVolumeTemplates")) {
        currentSpec.set("dataVolumeTemplates", spec.get("dataVolumeTemplates"));
      } else {
        currentSpec.remove("dataVolumeTemplates");
      }
      Json.with(current, "metadata", "annotations").put(VmRestoreController.LAST_RESTORE_ANNOTATION, marker);
      return current;
    });
  }

  private static void renameTemplate(ObjectNode spec, String original, String restored) {
    for (JsonNode template : Json.items(spec, "dataVolumeTemplates")) {
      if (original.equals(Json.text(template, "metadata", "name"))) {
        ((ObjectNode) template.get("metadata")).put("name", restored);
      }
    }
  }

  /** A DataVolume over the restored claim, pre-populated so CDI leaves the data alone. */
  private void ensureDataVolume(String namespace, String name, JsonNode vmSpec, JsonNode entry) {
    if (api.get(CdiTypes.DATA_VOLUMES, namespace, name).isPresent()) {
      return;
    }
    ObjectNode dv = Json.object();
    dv.put("apiVersion", "cdi.kubevirt.io/v1beta1");
    dv.put("kind", "DataVolume");
    ObjectNode metadata = dv.putObject("metadata");
    metadata.put("name", name);
    metadata.put("namespace", namespace);
    metadata.putObject("annotations").put(PRE_POPULATED, name);
    ObjectNode spec = dv.putObject("spec");
    JsonNode template = Json.items(vmSpec, "dataVolumeTemplates").stream()
        .filter(t -> name.equals(Json.text(t, "metadata", "name"))).findFirst().orElse(null);
    if (template != null && Json.at(template, "spec").isObject()) {
      spec.setAll((ObjectNode) Json.at(template, "spec").deepCopy());
    } else {
      spec.putObject("source").putObject("blank");
      JsonNode pvc = api.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, namespace, Json.text(entry, "persistentVolumeClaim"))
          .map(p -> Json.at(p, "spec")).orElse(Json.object());
      ObjectNode claim = spec.putObject("pvc");
      for (String field : new String[] {"accessModes", "resources", "storageClassName", "volumeMode"}) {
        if (pvc.has(field)) {
          claim.set(field, pvc.get(field).deepCopy());
        }
      }
    }
    api.createIfAbsent(CdiTypes.DATA_VOLUMES, dv);
  }

  private static ObjectNode applyPatches(ObjectNode vm, java.util.List<JsonNode> patches) {
    JsonNode result = vm;
    for (JsonNode patch : patches) {
      JsonNode operation = Json.parseAny(patch.asString());
      ArrayNode operations = Json.array();
      if (operation.isArray()) {
        operations.addAll((ArrayNode) operation);
      } else {
        operations.add(operation);
      }
      result = JsonPatch.apply(operations, result);
    }
    return (ObjectNode) result;
  }

  void lock(String namespace, String vm, String restore) {
    setRestoreInProgress(namespace, vm, restore, true);
  }

  void unlock(String namespace, String vm, String restore) {
    setRestoreInProgress(namespace, vm, restore, false);
  }

  private void setRestoreInProgress(String namespace, String vm, String restore, boolean locked) {
    if (vm == null) {
      return;
    }
    api.updateStatus(KubeVirtTypes.VIRTUAL_MACHINES, namespace, vm, current -> {
      String holder = Json.text(current, "status", "restoreInProgress");
      if (locked == restore.equals(holder) || (locked && holder != null)) {
        return null;
      }
      if (locked) {
        Json.with(current, "status").put("restoreInProgress", restore);
      } else {
        Json.with(current, "status").remove("restoreInProgress");
      }
      return current;
    });
  }

  /** StopTarget: the VM's run strategy becomes Halted, as virtctl stop would leave it. */
  void stop(String namespace, String vm) {
    api.update(KubeVirtTypes.VIRTUAL_MACHINES, namespace, vm, current -> {
      ObjectNode spec = Json.with(current, "spec");
      if (spec.has("running")) {
        spec.put("running", false);
      } else {
        spec.put("runStrategy", "Halted");
      }
      return current;
    });
  }
}
