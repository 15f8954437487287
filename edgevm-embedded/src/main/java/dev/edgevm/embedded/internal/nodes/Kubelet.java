package dev.edgevm.embedded.internal.nodes;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.api.ObjectEvent;
import dev.edgevm.embedded.internal.api.ObjectStore;
import dev.edgevm.embedded.internal.api.StoredObject;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.events.EventRecorder;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.runtime.ClusterComponent;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.runtime.ControllerLoop;
import dev.edgevm.embedded.internal.runtime.ObjectRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The kubelets of all nodes: a pod bound to a node has its images pulled (an image configured
 * unpullable fails with ErrImagePull, then ImagePullBackOff, again and again), gets an address of
 * the node's pod network, its containers start, and it is Ready when they are and its readiness
 * gates are True. Pods another component runs itself are left to it ({@link #handOver}). Pods
 * whose main process takes its time to end ({@link #terminatesGracefully}) are deleted gracefully:
 * they keep running until that process ends ({@link #finish}), or are killed when their grace
 * period is over, and are removed then.
 */
public final class Kubelet implements ClusterComponent {

  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final List<Predicate<JsonNode>> handedOver = new CopyOnWriteArrayList<>();
  private final List<Predicate<JsonNode>> graceful = new CopyOnWriteArrayList<>();
  private final Set<String> killing = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> pullFailures = new ConcurrentHashMap<>();
  private final Map<String, String> nodeOfPod = new ConcurrentHashMap<>();
  private ObjectStore store;
  private ClusterApi api;
  private PodNetwork network;
  private EventRecorder events;
  private Set<String> unpullable;
  private ControllerLoop<ObjectRef> loop;

  @Override
  public void start(ClusterContext context) {
    this.store = context.store();
    this.api = context.api();
    this.network = context.provide(PodNetwork.class, new PodNetwork(context.nodes(), context.random()));
    this.events = context.service(EventRecorder.class);
    this.unpullable = context.settings().unpullableImages();
    this.loop = context.controller("kubelet", this::sync, 2);
    context.subscribe(CoreTypes.PODS, this::onPod);
    store.gracefulPodDeletion(this::deletedGracefully);
    context.provide(Kubelet.class, this);
  }

  /**
   * Leaves pods the predicate accepts to the caller once they are scheduled (e.g. Jobs run as
   * processes); their images are still pulled here, so the caller runs a pod only once
   * {@link #imagesPulled} says so (an unpullable image keeps it in ErrImagePull/ImagePullBackOff).
   */
  public void handOver(Predicate<JsonNode> pods) {
    handedOver.add(pods);
  }

  /** Whether every image of the pod can be pulled (none is configured unpullable). */
  public boolean imagesPulled(JsonNode pod) {
    return unpullableImage(pod) == null;
  }

  private String unpullableImage(JsonNode pod) {
    return PodStatuses.images(pod).stream().filter(unpullable::contains).findFirst().orElse(null);
  }

  /**
   * Pods the predicate accepts end only when their main process does (a virt-launcher once its
   * guest is down): deleted while running, they keep running until {@link #finish} or their grace
   * period ends.
   */
  public void terminatesGracefully(Predicate<JsonNode> pods) {
    graceful.add(pods);
  }

  private boolean deletedGracefully(JsonNode pod) {
    return "Running".equals(Json.text(pod, "status", "phase")) && handedOver.stream().noneMatch(p -> p.test(pod))
        && graceful.stream().anyMatch(p -> p.test(pod));
  }

  /**
   * Ends a running pod: its containers terminate (exit code 0 when it succeeded, else 1) and the
   * pod turns Succeeded or Failed, as when its main process exits.
   */
  public void finish(String namespace, String name, boolean succeeded) {
    api.updateStatus(CoreTypes.PODS, namespace, name, pod -> {
      if (PodStatuses.isFinished(pod)) {
        return null;
      }
      PodStatuses.terminate(pod, succeeded);
      return pod;
    });
  }

  private void onPod(ObjectEvent event) {
    if (event.after() == null) {
      String node = nodeOfPod.remove(event.key().localName());
      if (node != null) {
        network.release(node, event.key().localName());
      }
      pullFailures.remove(event.key().localName());
      killing.remove(event.key().localName());
      return;
    }
    String node = Json.text(event.after().view(), "spec", "nodeName");
    if (node != null && !node.isEmpty()) {
      loop.enqueue(new ObjectRef(event.namespace(), event.name()));
    }
  }

  private void sync(ObjectRef ref) {
    Optional<StoredObject> stored = store.get(CoreTypes.PODS, ref.namespace(), ref.name());
    if (stored.isEmpty()) {
      return;
    }
    JsonNode pod = stored.get().view();
    String node = Json.text(pod, "spec", "nodeName");
    if (node == null || node.isEmpty()) {
      return;
    }
    boolean runByOthers = handedOver.stream().anyMatch(p -> p.test(pod));
    if (Json.deleting(pod)) {
      if (!runByOthers) {
        terminate(ref, pod, node);
      }
      return;
    }
    String key = ref.toString();
    if (PodStatuses.isFinished(pod)) {
      if (nodeOfPod.remove(key) != null) {
        network.release(node, key);
      }
      return;
    }
    // images are pulled first, also for the pods other components run
    String badImage = unpullableImage(pod);
    if (badImage != null) {
      failPull(ref, pod, badImage);
      return;
    }
    if (runByOthers) {
      return;
    }
    if (PodStatuses.containerStatuses(pod).isEmpty()) {
      update(ref, current -> PodStatuses.creating(current, hostIp(node)));
      loop.enqueue(ref);
      return;
    }
    if (!"Running".equals(Json.text(pod, "status", "phase"))) {
      nodeOfPod.put(key, node);
      String podIp = network.assign(node, key);
      update(ref, current -> PodStatuses.running(current, podIp));
      events.normal(pod, source(node), "Started", "Started container " + PodStatuses.firstContainerName(pod));
      return;
    }
    update(ref, PodStatuses::refreshReady);
  }

  /**
   * A pod deleted gracefully: removed once its containers ended; killed when its grace period
   * (its deletionTimestamp) is over.
   */
  private void terminate(ObjectRef ref, JsonNode pod, String node) {
    if (killing.add(ref.toString())) {
      events.normal(pod, source(node), "Killing", "Stopping container " + PodStatuses.firstContainerName(pod));
    }
    if (!PodStatuses.isFinished(pod)) {
      Duration left = Duration.between(Instant.now(), Instant.parse(Json.text(pod, "metadata", "deletionTimestamp")));
      if (!left.isNegative() && !left.isZero()) {
        loop.enqueueAfter(ref, left);
        return;
      }
      update(ref, current -> PodStatuses.isFinished(current) ? null : PodStatuses.terminate(current, false));
    }
    api.delete(CoreTypes.PODS, ref.namespace(), ref.name(), 0);
  }

  private void failPull(ObjectRef ref, JsonNode pod, String image) {
    String key = ref.toString();
    int failures = pullFailures.merge(key, 1, Integer::sum);
    boolean backOff = failures % 2 == 0;
    String node = Json.text(pod, "spec", "nodeName");
    update(ref, current -> PodStatuses.pullFailed(current, image, backOff, hostIp(node)));
    if (backOff) {
      events.normal(pod, source(node), "BackOff", "Back-off pulling image \"" + image + "\"");
      events.warning(pod, source(node), "Failed", "Error: ImagePullBackOff");
    } else {
      events.normal(pod, source(node), "Pulling", "Pulling image \"" + image + "\"");
      events.warning(pod, source(node), "Failed", "Failed to pull image \"" + image + "\": "
          + PodStatuses.pullError(image));
      events.warning(pod, source(node), "Failed", "Error: ErrImagePull");
    }
    long exponent = Math.min(10, Math.max(0, failures / 2 - 1));
    Duration delay = backOff ? FIRST_BACKOFF.multipliedBy(5L << exponent) : FIRST_BACKOFF;
    loop.enqueueAfter(ref, delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay);
  }

  private void update(ObjectRef ref, java.util.function.UnaryOperator<ObjectNode> change) {
    api.updateStatus(CoreTypes.PODS, ref.namespace(), ref.name(), change);
  }

  private String hostIp(String node) {
    return store.get(CoreTypes.NODES, null, node)
        .map(n -> Json.items(n.view(), "status", "addresses").stream()
            .filter(a -> "InternalIP".equals(Json.text(a, "type"))).map(a -> Json.text(a, "address"))
            .findFirst().orElse(null))
        .orElse(null);
  }

  private static EventRecorder.Source source(String node) {
    return new EventRecorder.Source("kubelet", node);
  }
}
