package dev.edgevm.embedded.internal.storage;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.pods.Pods;
import dev.edgevm.embedded.internal.scheduler.VolumeBinding;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The scheduler's VolumeBinding plugin over this cluster's storage: a bound claim allows the
 * nodes its PV's affinity allows; an unbound claim of a WaitForFirstConsumer class allows the
 * node of a PV pre-bound to it, else nodes with an Available PV that satisfies it (or any node,
 * for a provisioner); once a node is chosen the claim is annotated with it, as the scheduler does,
 * and the PV binder binds it there.
 */
final class ClaimVolumeBinding implements VolumeBinding {

  static final String NODE_CONFLICT = "node(s) had volume node affinity conflict";
  static final String NO_AVAILABLE_PV = "node(s) didn't find available persistent volumes to bind";
  static final String PV_MISSING = "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";

  private final ClusterApi api;

  ClaimVolumeBinding(ClusterApi api) {
    this.api = api;
  }

  @Override
  public String preFilter(JsonNode pod) {
    for (String name : Pods.claimNames(pod)) {
      JsonNode claim = api.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, Json.namespace(pod), name).orElse(null);
      if (claim == null) {
        return "persistentvolumeclaim \"" + name + "\" not found";
      }
      if (Json.deleting(claim)) {
        return "persistentvolumeclaim \"" + name + "\" is being deleted";
      }
      if (!bound(claim) && !StorageClasses.waitForFirstConsumer(storageClass(claim))) {
        return "pod has unbound immediate PersistentVolumeClaims";
      }
    }
    return null;
  }

  @Override
  public String filter(JsonNode pod, JsonNode node) {
    Map<String, String> labels = Json.labels(node);
    for (String name : Pods.claimNames(pod)) {
      JsonNode claim = api.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, Json.namespace(pod), name).orElse(null);
      if (claim == null) {
        continue;
      }
      if (bound(claim)) {
        JsonNode pv = api.get(CoreTypes.PERSISTENT_VOLUMES, null, Json.text(claim, "spec", "volumeName")).orElse(null);
        if (pv == null) {
          return PV_MISSING;
        }
        if (!Volumes.admitsNode(pv, labels)) {
          return NODE_CONFLICT;
        }
        continue;
      }
      List<ObjectNode> preBound = api.list(CoreTypes.PERSISTENT_VOLUMES, null, pv -> Volumes.claimRefNames(pv, claim));
      if (!preBound.isEmpty()) {
        if (preBound.stream().noneMatch(pv -> Volumes.admitsNode(pv, labels))) {
          return NODE_CONFLICT;
        }
        continue;
      }
      if (StorageClasses.dynamic(storageClass(claim))) {
        continue;
      }
      boolean available = !api.list(CoreTypes.PERSISTENT_VOLUMES, null, pv ->
          "Available".equals(Json.text(pv, "status", "phase"))
              && Json.at(pv, "spec", "claimRef").isMissingNode()
              && Volumes.storageClass(pv).equals(Volumes.storageClass(claim))
              && Volumes.unsatisfied(pv, claim) == null
              && Volumes.admitsNode(pv, labels)).isEmpty();
      if (!available) {
        return NO_AVAILABLE_PV;
      }
    }
    return null;
  }

  @Override
  public void preBind(JsonNode pod, String node) {
    for (String name : Pods.claimNames(pod)) {
      api.update(CoreTypes.PERSISTENT_VOLUME_CLAIMS, Json.namespace(pod), name, claim -> {
        if (bound(claim) || Json.annotations(claim).containsKey(PersistentVolumeBinder.SELECTED_NODE)) {
          return null;
        }
        Json.with(claim, "metadata", "annotations").put(PersistentVolumeBinder.SELECTED_NODE, node);
        return claim;
      });
    }
  }

  private static boolean bound(JsonNode claim) {
    return !Json.textOr(claim, "", "spec", "volumeName").isEmpty()
        && "Bound".equals(Json.text(claim, "status", "phase"));
  }

  private JsonNode storageClass(JsonNode claim) {
    String name = Volumes.storageClass(claim);
    return name.isEmpty() ? null : api.get(CoreTypes.STORAGE_CLASSES, null, name).orElse(null);
  }
}
