package dev.edgevm.embedded.internal.snapshot;

import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.storage.Quantities;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * KubeVirt's CreateRestorePVCDef: a claim like the backed-up one (labels, annotations without the
 * binding and CDI ones, access modes, class, volume mode, at least the snapshot's restore size)
 * whose data source is the backup's VolumeSnapshot. Used by restores and by exports of snapshots.
 */
public final class RestoredClaims {

  private static final List<String> DROPPED_ANNOTATION_PREFIXES = List.of("pv.kubernetes.io",
      "volume.beta.kubernetes.io", "cdi.kubevirt.io", "volume.kubernetes.io", "k8s.io/CloneRequest", "k8s.io/CloneOf");
  private static final String CONTENT_TYPE = "cdi.kubevirt.io/storage.contentType";

  private RestoredClaims() {
  }

  /**
   * @param backup a {@code volumeBackups} entry of a VirtualMachineSnapshotContent
   * @param volumeSnapshot its VolumeSnapshot, for the restore size
   */
  public static ObjectNode claim(String name, String namespace, JsonNode backup, JsonNode volumeSnapshot) {
    JsonNode source = Json.at(backup, "persistentVolumeClaim");
    ObjectNode pvc = Json.object();
    pvc.put("apiVersion", "v1");
    pvc.put("kind", "PersistentVolumeClaim");
    ObjectNode metadata = pvc.putObject("metadata");
    metadata.put("name", name);
    metadata.put("namespace", namespace);
    ObjectNode labels = metadata.putObject("labels");
    Json.labels(source).forEach(labels::put);
    ObjectNode annotations = metadata.putObject("annotations");
    Json.annotations(source).forEach(annotations::put);
    for (String key : Json.annotations(source).keySet()) {
      if (!key.equals(CONTENT_TYPE) && DROPPED_ANNOTATION_PREFIXES.stream().anyMatch(key::startsWith)) {
        annotations.remove(key);
      }
    }
    ObjectNode spec = pvc.putObject("spec");
    JsonNode sourceSpec = Json.at(source, "spec");
    for (String field : new String[] {"accessModes", "resources", "storageClassName", "volumeMode"}) {
      if (sourceSpec.has(field)) {
        spec.set(field, sourceSpec.get(field).deepCopy());
      }
    }
    String restoreSize = Json.text(volumeSnapshot, "status", "restoreSize");
    long requested = Quantities.bytes(Json.text(spec, "resources", "requests", "storage"));
    if (restoreSize != null && Quantities.bytes(restoreSize) > requested) {
      Json.with(spec, "resources", "requests").put("storage", restoreSize);
    }
    String snapshotName = Json.text(backup, "volumeSnapshotName");
    for (String field : new String[] {"dataSource", "dataSourceRef"}) {
      ObjectNode reference = spec.putObject(field);
      reference.put("apiGroup", "snapshot.storage.k8s.io");
      reference.put("kind", "VolumeSnapshot");
      reference.put("name", snapshotName);
    }
    return pvc;
  }
}
