package dev.edgevm.embedded.internal.snapshot;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.catalog.CdiTypes;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.catalog.SnapshotTypes;
import dev.edgevm.embedded.internal.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The volumes of a VM as KubeVirt's snapshot controller sees them: which are snapshottable (claim,
 * DataVolume and memory dump volumes), which claim backs each, and whether that claim's storage
 * class has a VolumeSnapshotClass (the StorageProfile's, or the one class whose driver is the
 * storage class's provisioner, or the default among several).
 */
final class VmVolumes {

  private final ClusterApi api;

  VmVolumes(ClusterApi api) {
    this.api = api;
  }

  /** Volume name to claim name, for the snapshottable volumes of a VM spec ({@code spec.template.spec}). */
  static Map<String, String> claims(JsonNode vmSpec) {
    Map<String, String> claims = new LinkedHashMap<>();
    for (JsonNode volume : Json.items(vmSpec, "template", "spec", "volumes")) {
      String claim = claimOf(volume);
      if (claim != null) {
        claims.put(Json.text(volume, "name"), claim);
      }
    }
    return claims;
  }

  static List<JsonNode> volumes(JsonNode vmSpec) {
    return new ArrayList<>(Json.items(vmSpec, "template", "spec", "volumes"));
  }

  static String claimOf(JsonNode volume) {
    String claim = Json.text(volume, "persistentVolumeClaim", "claimName");
    if (claim == null) {
      claim = Json.text(volume, "dataVolume", "name");
    }
    if (claim == null) {
      claim = Json.text(volume, "memoryDump", "claimName");
    }
    return claim;
  }

  /** The VolumeSnapshotClass for a storage class; empty when it has none. */
  Optional<String> snapshotClass(String storageClass) {
    Optional<ObjectNode> sc = api.get(CoreTypes.STORAGE_CLASSES, null, storageClass);
    if (sc.isEmpty()) {
      return Optional.empty();
    }
    String fromProfile = api.get(CdiTypes.STORAGE_PROFILES, null, storageClass)
        .map(profile -> Json.text(profile, "status", "snapshotClass")).orElse(null);
    if (fromProfile != null && api.get(SnapshotTypes.VOLUME_SNAPSHOT_CLASSES, null, fromProfile).isPresent()) {
      return Optional.of(fromProfile);
    }
    String provisioner = Json.text(sc.get(), "provisioner");
    List<ObjectNode> matches = api.list(SnapshotTypes.VOLUME_SNAPSHOT_CLASSES, null,
        vsc -> provisioner != null && provisioner.equals(Json.text(vsc, "driver")));
    if (matches.size() == 1) {
      return Optional.of(Json.name(matches.get(0)));
    }
    return matches.stream()
        .filter(vsc -> Json.annotations(vsc).containsKey("snapshot.storage.kubernetes.io/is-default-class"))
        .map(Json::name).findFirst();
  }

  /** The storage class of the claim behind a volume, or an error as KubeVirt words it. */
  String storageClassOf(String namespace, JsonNode volume) throws VolumeProblem {
    String claim = claimOf(volume);
    if (claim == null) {
      throw new VolumeProblem("volume type has no StorageClass defined");
    }
    Optional<ObjectNode> pvc = api.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, namespace, claim);
    if (pvc.isPresent()) {
      return Json.textOr(pvc.get(), "", "spec", "storageClassName");
    }
    if (Json.text(volume, "dataVolume", "name") != null) {
      Optional<ObjectNode> dv = api.get(CdiTypes.DATA_VOLUMES, namespace, claim);
      String fromDv = dv.map(d -> Json.text(d, "spec", "pvc", "storageClassName"))
          .or(() -> dv.map(d -> Json.text(d, "spec", "storage", "storageClassName"))).orElse(null);
      if (fromDv != null) {
        return fromDv;
      }
    }
    throw new VolumeProblem("PVC not found");
  }

  /** A reason a volume cannot be snapshotted, in KubeVirt's words. */
  static final class VolumeProblem extends Exception {
    private static final long serialVersionUID = 1L;

    VolumeProblem(String message) {
      super(message, null, false, false);
    }
  }
}
