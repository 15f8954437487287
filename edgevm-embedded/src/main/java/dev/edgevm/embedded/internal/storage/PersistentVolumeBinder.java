package dev.edgevm.embedded.internal.storage;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.api.ObjectEvent;
import dev.edgevm.embedded.internal.api.ObjectKey;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.events.EventRecorder;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.pods.Pods;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.runtime.ControllerLoop;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' PersistentVolume controller: binds claims to volumes and moves volumes through
 * Available, Bound and Released. A volume pre-bound to a claim through {@code claimRef} binds to
 * it even with WaitForFirstConsumer (as the real controller does); other claims of a
 * WaitForFirstConsumer class wait until a pod using them is on a node and then take the smallest
 * matching volume of their class on that node. Released volumes keep their {@code claimRef} under
 * the Retain policy until someone clears it; under Delete they are deleted when something can
 * delete them ({@link VolumeDeleters}), else they are Failed with the controller's message and a
 * VolumeFailedDelete warning.
 */
final class PersistentVolumeBinder {

  static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
  private static final java.time.Duration CLAIM_GOING = java.time.Duration.ofMillis(100);
  static final String BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
  static final String BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";

  private static final EventRecorder.Source SOURCE = new EventRecorder.Source("persistentvolume-controller", null);

  private final ClusterApi api;
  private final VolumeDirectories directories;
  private final EventRecorder events;
  private ControllerLoop<ObjectKey> loop;

  PersistentVolumeBinder(ClusterApi api, VolumeDirectories directories, EventRecorder events) {
    this.api = api;
    this.directories = directories;
    this.events = events;
  }

  void start(ClusterContext context) {
    loop = context.controller("persistentvolume-binder", this::reconcile);
    context.subscribe(CoreTypes.PERSISTENT_VOLUME_CLAIMS, this::onClaim);
    context.subscribe(CoreTypes.PERSISTENT_VOLUMES, this::onVolume);
    context.subscribe(CoreTypes.PODS, this::onPod);
  }

  private void onClaim(ObjectEvent event) {
    loop.enqueue(event.key());
    String volume = Json.text(event.latest().view(), "spec", "volumeName");
    if (volume != null && !volume.isEmpty()) {
      loop.enqueue(volumeKey(volume));
    }
  }

  private void onVolume(ObjectEvent event) {
    loop.enqueue(event.key());
    JsonNode ref = Json.at(event.latest().view(), "spec", "claimRef");
    String name = Json.text(ref, "name");
    if (name != null) {
      loop.enqueue(ObjectKey.of(CoreTypes.PERSISTENT_VOLUME_CLAIMS, Json.text(ref, "namespace"), name));
    }
  }

  /** A scheduled pod is the first consumer of its claims. */
  private void onPod(ObjectEvent event) {
    JsonNode pod = event.latest().view();
    if (event.type() == ObjectEvent.Type.DELETED || Json.text(pod, "spec", "nodeName") == null) {
      return;
    }
    for (String claim : Pods.claimNames(pod)) {
      loop.enqueue(ObjectKey.of(CoreTypes.PERSISTENT_VOLUME_CLAIMS, event.namespace(), claim));
    }
  }

  private static ObjectKey volumeKey(String name) {
    return ObjectKey.of(CoreTypes.PERSISTENT_VOLUMES, null, name);
  }

  private void reconcile(ObjectKey key) {
    if (key.plural().equals(CoreTypes.PERSISTENT_VOLUMES.plural())) {
      syncVolume(key.name());
    } else {
      syncClaim(key.namespace(), key.name());
    }
  }

  // ---- claims ----------------------------------------------------------------------------------

  private void syncClaim(String namespace, String name) {
    ObjectNode claim = api.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, namespace, name).orElse(null);
    if (claim == null || Json.deleting(claim)) {
      return;
    }
    String volumeName = Json.textOr(claim, "", "spec", "volumeName");
    if (Json.text(claim, "status", "phase") == null) {
      // the API server's default for a new claim
      api.updateStatus(CoreTypes.PERSISTENT_VOLUME_CLAIMS, namespace, name, current -> {
        Json.with(current, "status").put("phase", "Pending");
        return current;
      });
    }
    if ("Bound".equals(Json.text(claim, "status", "phase"))) {
      checkStillBound(claim, volumeName);
      return;
    }
    if (!volumeName.isEmpty()) {
      api.get(CoreTypes.PERSISTENT_VOLUMES, null, volumeName)
          .filter(pv -> !Json.deleting(pv))
          .filter(pv -> Json.at(pv, "spec", "claimRef").isMissingNode() || Volumes.claimRefNames(pv, claim))
          .filter(pv -> Volumes.unsatisfied(pv, claim) == null)
          .filter(pv -> Volumes.storageClass(pv).equals(Volumes.storageClass(claim)))
          .ifPresent(pv -> bind(pv, claim));
      return;
    }
    Optional<ObjectNode> preBound = api.list(CoreTypes.PERSISTENT_VOLUMES, null,
            pv -> Volumes.claimRefNames(pv, claim) && !Json.deleting(pv)).stream().findFirst();
    if (preBound.isPresent()) {
      if (Volumes.unsatisfied(preBound.get(), claim) == null) {
        bind(preBound.get(), claim);
      }
      return;
    }
    JsonNode storageClass = storageClassOf(claim);
    if (StorageClasses.dynamic(storageClass)) {
      return;
    }
    String node = null;
    if (StorageClasses.waitForFirstConsumer(storageClass)) {
      node = consumerNode(claim);
      if (node == null) {
        return;
      }
    }
    bestMatch(claim, node).ifPresent(pv -> bind(pv, claim));
  }

  private JsonNode storageClassOf(JsonNode claim) {
    String name = Volumes.storageClass(claim);
    return name.isEmpty() ? null : api.get(CoreTypes.STORAGE_CLASSES, null, name).orElse(null);
  }

  /** The node chosen for the claim's first consumer: the scheduler's annotation or a scheduled pod. */
  private String consumerNode(JsonNode claim) {
    String selected = Json.annotations(claim).get(SELECTED_NODE);
    if (selected != null) {
      return selected;
    }
    return api.list(CoreTypes.PODS, Json.namespace(claim), pod -> Json.text(pod, "spec", "nodeName") != null
            && Pods.claimNames(pod).contains(Json.name(claim)))
        .stream().map(pod -> Json.text(pod, "spec", "nodeName")).findFirst().orElse(null);
  }

  /** The smallest Available volume of the claim's class that satisfies it (on the node, if given). */
  private Optional<ObjectNode> bestMatch(JsonNode claim, String node) {
    String storageClass = Volumes.storageClass(claim);
    List<ObjectNode> candidates = api.list(CoreTypes.PERSISTENT_VOLUMES, null, pv ->
        !Json.deleting(pv)
            && Json.at(pv, "spec", "claimRef").isMissingNode()
            && "Available".equals(Json.text(pv, "status", "phase"))
            && Volumes.storageClass(pv).equals(storageClass)
            && Volumes.unsatisfied(pv, claim) == null
            && (node == null || node.equals(Volumes.node(pv)) || Volumes.node(pv) == null)
            && LabelSelectors.matches(Json.at(claim, "spec", "selector"), Json.labels(pv)));
    return candidates.stream().min(Comparator.comparingLong(Volumes::capacity).thenComparing(Json::name));
  }

  private void checkStillBound(ObjectNode claim, String volumeName) {
    boolean lost = api.get(CoreTypes.PERSISTENT_VOLUMES, null, volumeName)
        .map(pv -> !Volumes.claimRefNames(pv, claim))
        .orElse(true);
    if (lost) {
      api.updateStatus(CoreTypes.PERSISTENT_VOLUME_CLAIMS, Json.namespace(claim), Json.name(claim), pvc -> {
        Json.with(pvc, "status").put("phase", "Lost");
        return pvc;
      });
    }
  }

  private void bind(JsonNode volume, JsonNode claim) {
    String namespace = Json.namespace(claim);
    String claimName = Json.name(claim);
    String volumeName = Json.name(volume);
    ObjectNode pv = api.update(CoreTypes.PERSISTENT_VOLUMES, null, volumeName, current -> {
      ObjectNode ref = Json.with(current, "spec", "claimRef");
      if (ref.path("uid").asString("").isEmpty()) {
        if (!ref.has("name")) {
          Json.with(current, "metadata", "annotations").put(BOUND_BY_CONTROLLER, "yes");
        }
        ref.put("kind", "PersistentVolumeClaim");
        ref.put("namespace", namespace);
        ref.put("name", claimName);
        ref.put("uid", Json.uid(claim));
        ref.put("apiVersion", "v1");
        ref.put("resourceVersion", Json.text(claim, "metadata", "resourceVersion"));
      }
      return current;
    }).orElse(null);
    if (pv == null) {
      return;
    }
    // the directory is there before anyone can see the volume Bound
    directories.ensure(pv);
    api.updateStatus(CoreTypes.PERSISTENT_VOLUMES, null, volumeName, current -> {
      ObjectNode status = Json.with(current, "status");
      status.put("phase", "Bound");
      status.remove("reason");
      status.remove("message");
      return current;
    });
    ObjectNode bound = api.update(CoreTypes.PERSISTENT_VOLUME_CLAIMS, namespace, claimName, current -> {
      if (!Objects.equals(Json.uid(current), Json.uid(claim))) {
        return null;
      }
      ObjectNode annotations = Json.with(current, "metadata", "annotations");
      if (Json.textOr(current, "", "spec", "volumeName").isEmpty()) {
        Json.with(current, "spec").put("volumeName", volumeName);
        annotations.put(BOUND_BY_CONTROLLER, "yes");
      }
      annotations.put(BIND_COMPLETED, "yes");
      return current;
    }).orElse(null);
    if (bound == null) {
      return;
    }
    api.updateStatus(CoreTypes.PERSISTENT_VOLUME_CLAIMS, namespace, claimName, current -> {
      ObjectNode status = Json.with(current, "status");
      status.put("phase", "Bound");
      status.set("accessModes", Json.at(pv, "spec", "accessModes").deepCopy());
      status.set("capacity", Json.at(pv, "spec", "capacity").deepCopy());
      return current;
    });
  }

  // ---- volumes ---------------------------------------------------------------------------------

  private void syncVolume(String name) {
    ObjectNode pv = api.get(CoreTypes.PERSISTENT_VOLUMES, null, name).orElse(null);
    if (pv == null) {
      return;
    }
    JsonNode ref = Json.at(pv, "spec", "claimRef");
    String phase = Json.text(pv, "status", "phase");
    if (ref.isMissingNode() || ref.isNull() || Json.textOr(ref, "", "uid").isEmpty()) {
      if (!"Available".equals(phase)) {
        setPhase(name, "Available");
      }
      return;
    }
    Optional<ObjectNode> claim = api.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, Json.text(ref, "namespace"),
        Json.text(ref, "name"));
    boolean claimExists = claim.isPresent() && Objects.equals(Json.uid(claim.get()), Json.text(ref, "uid"));
    if (claimExists) {
      if (!"Bound".equals(phase) && name.equals(Json.text(claim.get(), "spec", "volumeName"))) {
        setPhase(name, "Bound");
      }
      if (Json.deleting(claim.get())) {
        // the claim may be going right now: look again once it is gone
        loop.enqueueAfter(volumeKey(name), CLAIM_GOING);
      }
      return;
    }
    if ("Released".equals(phase) || "Failed".equals(phase)) {
      return;
    }
    if (!"Delete".equals(Json.textOr(pv, "Retain", "spec", "persistentVolumeReclaimPolicy")) || Json.deleting(pv)) {
      setPhase(name, "Released");
      return;
    }
    Optional<String> refusal = VolumeDeleters.refusal(pv);
    if (refusal.isEmpty()) {
      api.delete(CoreTypes.PERSISTENT_VOLUMES, null, name);
      return;
    }
    api.updateStatus(CoreTypes.PERSISTENT_VOLUMES, null, name, current -> {
      ObjectNode status = Json.with(current, "status");
      status.put("phase", "Failed");
      status.put("message", refusal.get());
      return current;
    });
    events.warning(pv, SOURCE, "VolumeFailedDelete", refusal.get());
  }

  private void setPhase(String volume, String phase) {
    api.updateStatus(CoreTypes.PERSISTENT_VOLUMES, null, volume, current -> {
      ObjectNode status = Json.with(current, "status");
      status.put("phase", phase);
      status.remove("message");
      return current;
    });
  }
}
