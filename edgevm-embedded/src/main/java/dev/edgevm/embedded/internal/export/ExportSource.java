package dev.edgevm.embedded.internal.export;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.catalog.KubeVirtTypes;
import dev.edgevm.embedded.internal.catalog.SnapshotTypes;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.snapshot.RestoredClaims;
import dev.edgevm.embedded.internal.pods.Pods;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a VirtualMachineExport exports, resolved as KubeVirt's export sources do: a claim (not
 * while a running pod uses it), a stopped VM's claims, or a VM snapshot's volumes restored into
 * claims named {@code <export>-<claim>} owned by the export. The result is the volumes to serve,
 * or the Ready condition (and source condition) saying why not yet.
 */
final class ExportSource {

  /** One exported volume: its name in the links and the claim that holds it. */
  record Volume(String name, String claim) {
  }

  /** Volumes when ready; otherwise the reason and message of the Ready condition. */
  record Resolution(List<Volume> volumes, String vmName, String reason, String message, ObjectNode sourceCondition) {

    boolean ready() {
      return reason == null;
    }
  }

  private final ClusterApi api;

  ExportSource(ClusterApi api) {
    this.api = api;
  }

  Resolution resolve(JsonNode export) {
    String kind = Json.textOr(export, "", "spec", "source", "kind");
    String name = Json.text(export, "spec", "source", "name");
    String namespace = Json.namespace(export);
    switch (kind) {
      case "PersistentVolumeClaim":
        return claim(namespace, name);
      case "VirtualMachine":
        return vm(namespace, name);
      case "VirtualMachineSnapshot":
        return snapshot(export, namespace, name);
      default:
        return notReady(null, "Unknown", "unsupported export source kind " + kind, null);
    }
  }

  private static Resolution notReady(String vm, String reason, String message, ObjectNode sourceCondition) {
    return new Resolution(List.of(), vm, reason, message, sourceCondition);
  }

  private Resolution claim(String namespace, String name) {
    Optional<ObjectNode> pvc = api.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, namespace, name);
    if (pvc.isEmpty()) {
      return notReady(null, "Initializing", "", condition("PVCReady", false, "PVCNotFound",
          "PersistentVolumeClaim " + namespace + "/" + name + " not found"));
    }
    if (!"Bound".equals(Json.text(pvc.get(), "status", "phase"))) {
      return notReady(null, "PVCPending", "PersistentVolumeClaim " + namespace + "/" + name + " is not populated",
          condition("PVCReady", false, "PVCPending", ""));
    }
    ObjectNode bound = condition("PVCReady", true, "PVCBound", "");
    if (inUse(namespace, name)) {
      return notReady(null, "InUse", "PersistentVolumeClaim " + namespace + "/" + name + " is in use", bound);
    }
    return new Resolution(List.of(new Volume(name, name)), null, null, null, bound);
  }

  private Resolution vm(String namespace, String name) {
    Optional<ObjectNode> vm = api.get(KubeVirtTypes.VIRTUAL_MACHINES, namespace, name);
    if (vm.isEmpty()) {
      return notReady(name, "VMNotFound", "Virtual Machine " + namespace + "/" + name + " not found", null);
    }
    if (api.get(KubeVirtTypes.VIRTUAL_MACHINE_INSTANCES, namespace, name).isPresent()) {
      return notReady(name, "InUse", "Virtual Machine " + namespace + "/" + name + " is running", null);
    }
    List<Volume> volumes = new ArrayList<>();
    for (JsonNode volume : Json.items(vm.get(), "spec", "template", "spec", "volumes")) {
      String claim = Json.text(volume, "persistentVolumeClaim", "claimName");
      if (claim == null) {
        claim = Json.text(volume, "dataVolume", "name");
      }
      if (claim != null) {
        volumes.add(new Volume(claim, claim));
      }
    }
    if (volumes.isEmpty()) {
      return notReady(name, "VMNoVolumes", "Virtual Machine " + namespace + "/" + name + " has no volumes", null);
    }
    for (Volume volume : volumes) {
      boolean bound = api.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, namespace, volume.claim())
          .map(pvc -> "Bound".equals(Json.text(pvc, "status", "phase"))).orElse(false);
      if (!bound) {
        return notReady(name, "VolumesNotPopulated", "Not all volumes in the Virtual Machine " + namespace + "/" + name
            + " are populated", null);
      }
    }
    return new Resolution(volumes, name, null, null, null);
  }

  private Resolution snapshot(JsonNode export, String namespace, String name) {
    Optional<ObjectNode> snapshot = api.get(SnapshotTypes.VM_SNAPSHOTS, namespace, name);
    if (snapshot.isEmpty()) {
      return notReady(null, "VMSnapshotNotFound", "VirtualMachineSnapshot " + namespace + "/" + name + " not found",
          condition("VolumesCreated", false, "VMSnapshotNoVolumes", "VirtualMachineSnapshot " + namespace + "/" + name
              + " does not contain any volume snapshots"));
    }
    String vmName = Json.text(snapshot.get(), "spec", "source", "name");
    JsonNode content = Json.bool(snapshot.get(), false, "status", "readyToUse")
        ? api.get(SnapshotTypes.VM_SNAPSHOT_CONTENTS, namespace,
            Json.text(snapshot.get(), "status", "virtualMachineSnapshotContentName")).orElse(null)
        : null;
    if (content == null) {
      String message = "VirtualMachineSnapshot " + namespace + "/" + name + " is not ready to use";
      return notReady(vmName, "NotAllPVCsCreated", message,
          condition("VolumesCreated", false, "NotAllPVCsCreated", message));
    }
    List<JsonNode> backups = Json.items(content, "spec", "volumeBackups");
    if (backups.isEmpty()) {
      return notReady(vmName, "Initializing", "", condition("VolumesCreated", false, "VMSnapshotNoVolumes",
          "VirtualMachineSnapshot " + namespace + "/" + name + " does not contain any volume snapshots"));
    }
    List<Volume> volumes = new ArrayList<>();
    boolean allBound = true;
    for (JsonNode backup : backups) {
      String original = Json.text(backup, "persistentVolumeClaim", "metadata", "name");
      String claim = Json.name(export) + "-" + original;
      Optional<ObjectNode> pvc = api.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, namespace, claim);
      if (pvc.isEmpty()) {
        createRestoredClaim(export, claim, backup);
        allBound = false;
      } else {
        allBound &= "Bound".equals(Json.text(pvc.get(), "status", "phase"));
      }
      volumes.add(new Volume(original, claim));
    }
    if (!allBound) {
      return notReady(vmName, "Initializing", "", condition("VolumesCreated", false, "NotAllPVCsReady",
          "Not all PVCs are ready"));
    }
    return new Resolution(volumes, vmName, null, null, condition("VolumesCreated", true, "AllPVCsReady", ""));
  }

  private void createRestoredClaim(JsonNode export, String claim, JsonNode backup) {
    String namespace = Json.namespace(export);
    JsonNode volumeSnapshot = api.get(SnapshotTypes.VOLUME_SNAPSHOTS, namespace, Json.text(backup, "volumeSnapshotName"))
        .orElse(Json.object());
    ObjectNode pvc = RestoredClaims.claim(claim, namespace, backup, volumeSnapshot);
    Json.with(pvc, "metadata", "annotations").put("cdi.kubevirt.io/storage.contentType", "kubevirt");
    ObjectNode owner = Json.withArray(pvc, "metadata", "ownerReferences").addObject();
    owner.put("apiVersion", "export.kubevirt.io/v1");
    owner.put("kind", "VirtualMachineExport");
    owner.put("name", Json.name(export));
    owner.put("uid", Json.uid(export));
    owner.put("controller", true);
    owner.put("blockOwnerDeletion", true);
    api.createIfAbsent(CoreTypes.PERSISTENT_VOLUME_CLAIMS, pvc);
  }

  /** Whether a pod other than an exporter uses the claim and still runs. */
  private boolean inUse(String namespace, String claim) {
    return Pods.claimInUse(api, namespace, claim,
        pod -> ExportNames.EXPORTER_LABEL_VALUE.equals(Json.labels(pod).get("kubevirt.io")));
  }

  static ObjectNode condition(String type, boolean status, String reason, String message) {
    ObjectNode condition = Json.object();
    condition.put("type", type);
    condition.put("status", status ? "True" : "False");
    condition.put("reason", reason);
    condition.put("message", message);
    condition.put("lastTransitionTime", Json.now());
    condition.putNull("lastProbeTime");
    return condition;
  }
}
