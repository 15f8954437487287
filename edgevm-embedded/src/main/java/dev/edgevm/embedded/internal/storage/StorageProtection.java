package dev.edgevm.embedded.internal.storage;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.api.ObjectEvent;
import dev.edgevm.embedded.internal.api.ObjectKey;
import dev.edgevm.embedded.internal.api.ResourceType;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.nodes.PodStatuses;
import dev.edgevm.embedded.internal.pods.Pods;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.runtime.ControllerLoop;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Storage object in-use protection: claims carry {@code kubernetes.io/pvc-protection} and volumes
 * {@code kubernetes.io/pv-protection}, so a claim a running pod still uses, or a volume still
 * bound, stays (Terminating) after a delete until it is no longer in use.
 */
final class StorageProtection {

  static final String PVC_PROTECTION = "kubernetes.io/pvc-protection";
  static final String PV_PROTECTION = "kubernetes.io/pv-protection";

  private final ClusterApi api;
  private ControllerLoop<ObjectKey> loop;

  StorageProtection(ClusterApi api) {
    this.api = api;
  }

  void start(ClusterContext context) {
    loop = context.controller("storage-protection", this::reconcile);
    context.subscribe(CoreTypes.PERSISTENT_VOLUME_CLAIMS, this::onObject);
    context.subscribe(CoreTypes.PERSISTENT_VOLUMES, this::onObject);
    context.subscribe(CoreTypes.PODS, event -> {
      JsonNode pod = event.latest().view();
      if (event.type() == ObjectEvent.Type.DELETED || PodStatuses.isFinished(pod)) {
        Pods.claimNames(pod).forEach(claim ->
            loop.enqueue(ObjectKey.of(CoreTypes.PERSISTENT_VOLUME_CLAIMS, event.namespace(), claim)));
      }
    });
  }

  private void onObject(ObjectEvent event) {
    if (event.type() == ObjectEvent.Type.DELETED) {
      return;
    }
    JsonNode object = event.latest().view();
    String finalizer = finalizerOf(event.resource());
    if (Json.deleting(object) ? hasFinalizer(object, finalizer) : !hasFinalizer(object, finalizer)) {
      loop.enqueue(event.key());
    }
  }

  private static String finalizerOf(ResourceType type) {
    return type.equals(CoreTypes.PERSISTENT_VOLUMES) ? PV_PROTECTION : PVC_PROTECTION;
  }

  private static boolean hasFinalizer(JsonNode object, String finalizer) {
    return Finalizers.has(object, finalizer);
  }

  private void reconcile(ObjectKey key) {
    boolean volume = key.plural().equals(CoreTypes.PERSISTENT_VOLUMES.plural());
    ResourceType type = volume ? CoreTypes.PERSISTENT_VOLUMES : CoreTypes.PERSISTENT_VOLUME_CLAIMS;
    String finalizer = finalizerOf(type);
    ObjectNode object = api.get(type, key.namespace(), key.name()).orElse(null);
    if (object == null) {
      return;
    }
    if (!Json.deleting(object)) {
      if (!hasFinalizer(object, finalizer)) {
        api.update(type, key.namespace(), key.name(), current -> {
          Json.withArray(current, "metadata", "finalizers").add(finalizer);
          return current;
        });
      }
      return;
    }
    boolean inUse = volume ? "Bound".equals(Json.text(object, "status", "phase"))
        : Pods.claimInUse(api, Json.namespace(object), Json.name(object));
    if (!inUse && hasFinalizer(object, finalizer)) {
      Finalizers.remove(api, type, key.namespace(), key.name(), finalizer);
    }
  }
}
