package dev.edgevm.embedded.internal.scheduler;

import dev.edgevm.embedded.internal.api.ObjectStore;
import dev.edgevm.embedded.internal.api.StoredObject;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.pods.Pods;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The default volume binding: claims must exist and be bound; a bound claim's PV must accept the
 * node through its node affinity. An unbound claim of a WaitForFirstConsumer class fits no node
 * (nothing here binds it); any other unbound claim rules out all nodes.
 */
final class BoundClaims implements VolumeBinding {

  static final String NODE_CONFLICT = "node(s) had volume node affinity conflict";
  static final String NO_AVAILABLE_PV = "node(s) didn't find available persistent volumes to bind";
  static final String PV_MISSING = "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";

  private final ObjectStore store;

  BoundClaims(ObjectStore store) {
    this.store = store;
  }

  @Override
  public String preFilter(JsonNode pod) {
    for (String claim : Pods.claimNames(pod)) {
      Optional<StoredObject> pvc = store.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, Json.namespace(pod), claim);
      if (pvc.isEmpty()) {
        return "persistentvolumeclaim \"" + claim + "\" not found";
      }
      if (Json.deleting(pvc.get().view())) {
        return "persistentvolumeclaim \"" + claim + "\" is being deleted";
      }
      if (!isBound(pvc.get().view()) && !waitsForFirstConsumer(pvc.get().view())) {
        return "pod has unbound immediate PersistentVolumeClaims";
      }
    }
    return null;
  }

  @Override
  public String filter(JsonNode pod, JsonNode node) {
    for (String claim : Pods.claimNames(pod)) {
      JsonNode pvc = store.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, Json.namespace(pod), claim)
          .map(StoredObject::view).orElse(null);
      if (pvc == null) {
        continue;
      }
      if (!isBound(pvc)) {
        return NO_AVAILABLE_PV;
      }
      Optional<StoredObject> pv = store.get(CoreTypes.PERSISTENT_VOLUMES, null, Json.text(pvc, "spec", "volumeName"));
      if (pv.isEmpty()) {
        return PV_MISSING;
      }
      List<JsonNode> terms = Json.items(pv.get().view(), "spec", "nodeAffinity", "required", "nodeSelectorTerms");
      if (!terms.isEmpty() && !NodeMatching.matchesTerms(terms, node)) {
        return NODE_CONFLICT;
      }
    }
    return null;
  }

  @Override
  public void preBind(JsonNode pod, String node) {
    // bound claims need nothing; delayed binding is the storage simulation's
  }

  static boolean isBound(JsonNode pvc) {
    String volume = Json.text(pvc, "spec", "volumeName");
    return volume != null && !volume.isEmpty();
  }

  private boolean waitsForFirstConsumer(JsonNode pvc) {
    String className = Json.text(pvc, "spec", "storageClassName");
    if (className == null) {
      return false;
    }
    return store.get(CoreTypes.STORAGE_CLASSES, null, className)
        .map(sc -> "WaitForFirstConsumer".equals(Json.text(sc.view(), "volumeBindingMode")))
        .orElse(false);
  }
}
