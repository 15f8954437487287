package dev.edgevm.embedded.internal.cdi;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.catalog.CdiTypes;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.disk.VolumeSpace;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.storage.Quantities;
import dev.edgevm.embedded.internal.storage.StorageClasses;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The claim spec CDI creates for a DataVolume: {@code spec.pvc} as written, or {@code spec.storage}
 * completed from the StorageProfile (access modes, volume mode), the default (virt) storage class,
 * and a size inflated by the filesystem overhead for Filesystem volumes, as CDI's renderPvcSpec does.
 */
final class ClaimRendering {

  private static final long MIB = 1024 * 1024;

  private final ClusterApi api;

  ClaimRendering(ClusterApi api) {
    this.api = api;
  }

  /** The rendered spec, or a message saying why the DataVolume cannot get a claim. */
  record Result(ObjectNode spec, String error) {
  }

  Result render(JsonNode dataVolume) {
    JsonNode pvc = Json.at(dataVolume, "spec", "pvc");
    if (pvc.isObject()) {
      return new Result((ObjectNode) pvc.deepCopy(), null);
    }
    JsonNode storage = Json.at(dataVolume, "spec", "storage");
    if (!storage.isObject()) {
      return new Result(null, "datavolume one of {pvc, storage} field is required");
    }
    ObjectNode spec = (ObjectNode) storage.deepCopy();
    Optional<ObjectNode> storageClass = storageClass(Json.text(spec, "storageClassName"));
    if (storageClass.isEmpty()) {
      if (Json.items(spec, "accessModes").isEmpty()) {
        return new Result(null, "DataVolume.storage spec is missing accessMode and no storageClass to choose profile");
      }
    } else {
      spec.put("storageClassName", Json.name(storageClass.get()));
      String error = applyProfile(spec, Json.name(storageClass.get()));
      if (error != null) {
        return new Result(null, error);
      }
    }
    long requested = Quantities.bytes(Json.text(spec, "resources", "requests", "storage"));
    if (requested < 0) {
      return new Result(null, "PVC Spec is not valid - missing storage size");
    }
    if (requested < MIB) {
      return new Result(null, "PVC Spec is not valid - storage size should be at least 1MiB");
    }
    if ("Filesystem".equals(Json.textOr(spec, "Filesystem", "volumeMode"))) {
      long inflated = VolumeSpace.required(overhead(Json.text(spec, "storageClassName")), requested);
      Json.with(spec, "resources", "requests").put("storage", Long.toString(inflated));
    }
    return new Result(spec, null);
  }

  /** A named class, else the default virt class, else the default class. */
  private Optional<ObjectNode> storageClass(String name) {
    if (name != null && !name.isEmpty()) {
      return api.get(CoreTypes.STORAGE_CLASSES, null, name);
    }
    List<ObjectNode> classes = api.list(CoreTypes.STORAGE_CLASSES, null);
    return classes.stream().filter(sc -> "true".equals(Json.annotations(sc).get(CdiNames.ANN_DEFAULT_VIRT_CLASS)))
        .findFirst()
        .or(() -> classes.stream().filter(StorageClasses::isDefault).findFirst());
  }

  private String applyProfile(ObjectNode spec, String storageClass) {
    boolean noModes = Json.items(spec, "accessModes").isEmpty();
    boolean noVolumeMode = Json.textOr(spec, "", "volumeMode").isEmpty();
    if (!noModes && !noVolumeMode) {
      return null;
    }
    JsonNode firstSet = api.get(CdiTypes.STORAGE_PROFILES, null, storageClass)
        .flatMap(profile -> Json.items(profile, "status", "claimPropertySets").stream().findFirst())
        .orElse(null);
    if (firstSet == null || Json.items(firstSet, "accessModes").isEmpty()) {
      if (noModes) {
        return "no accessMode specified in StorageProfile " + storageClass;
      }
      spec.put("volumeMode", "Filesystem");
      return null;
    }
    if (noModes) {
      spec.set("accessModes", Json.at(firstSet, "accessModes").deepCopy());
    }
    if (noVolumeMode) {
      spec.put("volumeMode", Json.textOr(firstSet, "Filesystem", "volumeMode"));
    }
    return null;
  }

  /** CDIConfig's filesystem overhead for the class (falling back to the global value). */
  double overhead(String storageClass) {
    JsonNode status = api.get(CdiTypes.CDI_CONFIGS, null, CdiNames.CONFIG_NAME)
        .map(config -> Json.at(config, "status", "filesystemOverhead")).orElse(null);
    // Optional.map is empty when the class has no entry of its own, so orElse covers that too
    String value = status == null ? null
        : Optional.ofNullable(storageClass).map(sc -> Json.text(status, "storageClass", sc))
            .orElse(Json.text(status, "global"));
    try {
      return value == null ? Double.parseDouble(CdiNames.DEFAULT_OVERHEAD) : Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return Double.parseDouble(CdiNames.DEFAULT_OVERHEAD);
    }
  }
}
