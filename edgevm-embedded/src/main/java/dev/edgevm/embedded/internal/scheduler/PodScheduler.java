package dev.edgevm.embedded.internal.scheduler;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.api.ObjectEvent;
import dev.edgevm.embedded.internal.api.ObjectStore;
import dev.edgevm.embedded.internal.api.StoredObject;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.events.EventRecorder;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.nodes.PodStatuses;
import dev.edgevm.embedded.internal.runtime.ClusterComponent;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.runtime.ControllerLoop;
import dev.edgevm.embedded.internal.runtime.ObjectRef;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The scheduler: places every pod that has no node yet and names no other scheduler (the
 * virt-launcher pods of VMIs, CDI's upload pods, ...) on a node that fits it, or marks it
 * Unschedulable with the message the default scheduler writes. Pods that did not fit are tried
 * again when something that could change the answer changes: nodes, pods leaving, claims, volumes.
 *
 * <p>Other components get it as a service: {@code context.service(PodScheduler.class)}.
 */
public final class PodScheduler implements ClusterComponent {

  public static final String NAME = "default-scheduler";
  private static final EventRecorder.Source SOURCE = new EventRecorder.Source(NAME, null);

  private final Allocations allocations = new Allocations();
  private final Set<ObjectRef> unschedulable = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean retryPending = new AtomicBoolean();
  /** Counts the changes that could make an unschedulable pod fit, so none is missed while a pod is placed. */
  private final AtomicLong changes = new AtomicLong();
  private ScheduledExecutorService timers;
  private volatile VolumeBinding volumeBinding;
  private ObjectStore store;
  private ClusterApi api;
  private EventRecorder events;
  private ControllerLoop<ObjectRef> loop;

  @Override
  public void start(ClusterContext context) {
    this.store = context.store();
    this.api = context.api();
    this.events = context.service(EventRecorder.class);
    this.timers = context.timers();
    this.volumeBinding = new BoundClaims(store);
    this.loop = context.controller(NAME, this::schedule);
    context.subscribe(CoreTypes.PODS, this::onPod);
    context.subscribe(CoreTypes.NODES, event -> retryUnschedulable());
    context.subscribe(CoreTypes.PERSISTENT_VOLUME_CLAIMS, event -> retryUnschedulable());
    context.subscribe(CoreTypes.PERSISTENT_VOLUMES, event -> retryUnschedulable());
    context.provide(PodScheduler.class, this);
  }

  /** Replaces how pods' claims are checked and bound (the storage simulation's binder). */
  public void volumeBinding(VolumeBinding binding) {
    this.volumeBinding = Objects.requireNonNull(binding, "binding");
    retryUnschedulable();
  }

  /** What the pods bound to the node request now, per resource. */
  public Map<String, BigDecimal> allocated(String node) {
    return allocations.on(node);
  }

  /** Schedules the pod again soon (after something it waits for changed). */
  public void retry(String namespace, String pod) {
    loop.enqueue(new ObjectRef(namespace, pod));
  }

  private void onPod(ObjectEvent event) {
    allocations.update(event);
    if (event.after() == null) {
      unschedulable.remove(new ObjectRef(event.namespace(), event.name()));
      if (isBound(event.before().view())) {
        retryUnschedulable();
      }
      return;
    }
    JsonNode pod = event.after().view();
    if (waitsForScheduler(pod)) {
      loop.enqueue(new ObjectRef(event.namespace(), event.name()));
    } else if (event.before() != null && freesResources(event.before().view(), pod)) {
      retryUnschedulable();
    }
  }

  /** Tries the unschedulable pods again, at most once per 20 ms however many changes arrive. */
  private void retryUnschedulable() {
    changes.incrementAndGet();
    if (loop == null || unschedulable.isEmpty() || !retryPending.compareAndSet(false, true)) {
      return;
    }
    try {
      timers.schedule(() -> {
        retryPending.set(false);
        unschedulable.forEach(loop::enqueue);
      }, 20, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      retryPending.set(false);
    }
  }

  private void schedule(ObjectRef ref) {
    Optional<StoredObject> stored = store.get(CoreTypes.PODS, ref.namespace(), ref.name());
    if (stored.isEmpty() || !waitsForScheduler(stored.get().view())) {
      unschedulable.remove(ref);
      return;
    }
    JsonNode pod = stored.get().view();
    List<JsonNode> nodes = store.list(CoreTypes.NODES, null, null).stream().map(StoredObject::view)
        .collect(Collectors.toList());
    long changesBefore = changes.get();
    String node;
    try {
      node = new Placement(pod, volumeBinding, allocations).choose(nodes);
    } catch (Placement.Unschedulable e) {
      unschedulable.add(ref);
      markUnschedulable(pod, e.getMessage());
      if (changes.get() != changesBefore) {
        // something changed while the pod was being placed, before it was listed as waiting
        loop.enqueue(ref);
      }
      return;
    }
    volumeBinding.preBind(pod, node);
    ObjectNode binding = Json.object();
    binding.put("apiVersion", "v1");
    binding.put("kind", "Binding");
    binding.putObject("metadata").put("name", ref.name()).put("namespace", ref.namespace());
    binding.putObject("target").put("apiVersion", "v1").put("kind", "Node").put("name", node);
    int code = api.request("POST", CoreTypes.PODS.objectPath(ref.namespace(), ref.name()) + "/binding",
        Json.write(binding)).code();
    if (code < 300) {
      unschedulable.remove(ref);
      events.normal(pod, SOURCE, "Scheduled", "Successfully assigned " + ref + " to " + node);
    }
  }

  private void markUnschedulable(JsonNode pod, String message) {
    boolean[] changed = {false};
    api.updateStatus(CoreTypes.PODS, Json.namespace(pod), Json.name(pod), current -> {
      ArrayNode conditions = Json.withArray(current, "status", "conditions");
      for (JsonNode condition : conditions) {
        if ("PodScheduled".equals(Json.text(condition, "type")) && message.equals(Json.text(condition, "message"))) {
          return null;
        }
      }
      for (int i = conditions.size() - 1; i >= 0; i--) {
        if ("PodScheduled".equals(Json.text(conditions.get(i), "type"))) {
          conditions.remove(i);
        }
      }
      ObjectNode condition = conditions.addObject();
      condition.put("type", "PodScheduled");
      condition.put("status", "False");
      condition.putNull("lastProbeTime");
      condition.put("lastTransitionTime", Json.now());
      condition.put("reason", "Unschedulable");
      condition.put("message", message);
      Json.with(current, "status").put("phase", "Pending");
      changed[0] = true;
      return current;
    });
    if (changed[0]) {
      events.warning(pod, SOURCE, "FailedScheduling", message);
    }
  }

  private static boolean waitsForScheduler(JsonNode pod) {
    String scheduler = Json.textOr(pod, NAME, "spec", "schedulerName");
    return !isBound(pod) && !Json.deleting(pod) && scheduler.equals(NAME);
  }

  private static boolean isBound(JsonNode pod) {
    String node = Json.text(pod, "spec", "nodeName");
    return node != null && !node.isEmpty();
  }

  private static boolean freesResources(JsonNode before, JsonNode after) {
    return PodStatuses.isFinished(after) && !PodStatuses.isFinished(before);
  }
}
