package dev.edgevm.embedded.internal.kubevirt;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.api.ObjectStore;
import dev.edgevm.embedded.internal.api.StoredObject;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.catalog.KubeVirtTypes;
import dev.edgevm.embedded.internal.events.EventRecorder;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.nodes.Kubelet;
import dev.edgevm.embedded.internal.nodes.PodStatuses;
import dev.edgevm.embedded.internal.runtime.ControllerLoop;
import dev.edgevm.embedded.internal.runtime.ObjectRef;
import dev.edgevm.embedded.internal.runtime.SeededRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The virt-handlers of the nodes: start the domain of a VMI scheduled on their node (Running, with
 * its interfaces and addresses, live-migratability, paused when it starts paused), pause and
 * unpause it on request, and shut its guest down when the VMI is deleted or its virt-launcher pod
 * is (the launcher asks for a graceful shutdown on SIGTERM): the guest powers off after a short
 * while, sooner when the grace period is shorter, the VMI turns Succeeded and then the launcher
 * exits, ending its pod. A node whose virt-handler pod does not run does none of this.
 */
final class VirtHandler {

  /** How long a guest takes to power off on ACPI shutdown. */
  static final Duration GUEST_SHUTDOWN = Duration.ofMillis(200);

  private final ObjectStore store;
  private final ClusterApi api;
  private final EventRecorder events;
  private final Kubelet kubelet;
  private final SeededRandom random;
  private final Map<String, Instant> shutdowns = new ConcurrentHashMap<>();
  private ControllerLoop<ObjectRef> loop;

  VirtHandler(ObjectStore store, ClusterApi api, EventRecorder events, Kubelet kubelet, SeededRandom random) {
    this.store = store;
    this.api = api;
    this.events = events;
    this.kubelet = kubelet;
    this.random = random;
  }

  void loop(ControllerLoop<ObjectRef> loop) {
    this.loop = loop;
  }

  void reconcile(ObjectRef ref) {
    Optional<StoredObject> stored = store.get(KubeVirtTypes.VIRTUAL_MACHINE_INSTANCES, ref.namespace(), ref.name());
    if (stored.isEmpty()) {
      shutdowns.remove(ref.toString());
      return;
    }
    JsonNode vmi = stored.get().view();
    String phase = Vmis.phase(vmi);
    String node = Json.text(vmi, "status", "nodeName");
    if (node == null || (!phase.equals(Vmis.SCHEDULED) && !phase.equals(Vmis.RUNNING)) || !runsOn(node)) {
      return;
    }
    JsonNode pod = launcherPod(vmi);
    if (Json.deleting(vmi) || (pod != null && Json.deleting(pod))) {
      shutDown(ref, vmi, pod);
      return;
    }
    if (phase.equals(Vmis.SCHEDULED)) {
      start(ref, vmi, node);
    }
  }

  private void start(ObjectRef ref, JsonNode vmi, String node) {
    JsonNode pod = launcherPod(vmi);
    if (pod == null) {
      return;
    }
    ObjectNode interfaces = Interfaces.status(vmi, pod, this::secret, random);
    api.update(KubeVirtTypes.VIRTUAL_MACHINE_INSTANCES, ref.namespace(), ref.name(), current -> {
      if (!Vmis.phase(current).equals(Vmis.SCHEDULED)) {
        return null;
      }
      ObjectNode status = Json.with(current, "status");
      status.put("phase", Vmis.RUNNING);
      ObjectNode transition = Json.withArray(status, "phaseTransitionTimestamps").addObject();
      transition.put("phase", Vmis.RUNNING);
      transition.put("phaseTransitionTimestamp", Json.now());
      status.set("interfaces", interfaces.get("interfaces"));
      status.put("migrationMethod", Migratability.blockMigration(current, store) ? "BlockMigration" : "LiveMigration");
      status.putObject("guestOSInfo");
      status.put("selinuxContext", "none");
      ObjectNode topology = status.putObject("currentCPUTopology");
      topology.put("cores", Json.number(current, 1, "spec", "domain", "cpu", "cores"));
      topology.put("sockets", Json.number(current, 1, "spec", "domain", "cpu", "sockets"));
      topology.put("threads", Json.number(current, 1, "spec", "domain", "cpu", "threads"));
      String guest = Vmis.guestMemory(current);
      if (guest != null) {
        ObjectNode memory = status.putObject("memory");
        memory.put("guestAtBoot", guest);
        memory.put("guestCurrent", guest);
        memory.put("guestRequested", guest);
      }
      status.putObject("machine").put("type", "pc-q35-rhel9.4.0");
      Migratability.condition(current, store);
      if ("Paused".equals(Json.text(current, "spec", "startStrategy"))) {
        Conditions.set(current, "Paused", "True", "PausedByUser", "VMI was paused by user");
      }
      return current;
    });
    events.normal(vmi, new EventRecorder.Source("virt-handler", node), "Started", "VirtualMachineInstance started.");
  }

  private void shutDown(ObjectRef ref, JsonNode vmi, JsonNode pod) {
    String key = ref.toString();
    long grace = Json.number(vmi, 180, "spec", "terminationGracePeriodSeconds");
    Duration delay = grace <= 0 ? Duration.ZERO
        : GUEST_SHUTDOWN.compareTo(Duration.ofSeconds(grace)) < 0 ? GUEST_SHUTDOWN : Duration.ofSeconds(grace);
    Instant due = shutdowns.computeIfAbsent(key, k -> Instant.now().plus(delay));
    Duration left = Duration.between(Instant.now(), due);
    if (!left.isNegative() && !left.isZero() && delay.compareTo(Duration.ZERO) > 0) {
      loop.enqueueAfter(ref, left);
      return;
    }
    if (Json.deleting(vmi) && pod != null && !Json.deleting(pod) && !PodStatuses.isFinished(pod)) {
      // virt-controller deletes the pod of a deleted VMI at once, before the guest is down: so the
      // VMI is never final while its pod still looks alive; the pod's change brings us back
      return;
    }
    api.update(KubeVirtTypes.VIRTUAL_MACHINE_INSTANCES, ref.namespace(), ref.name(), current -> {
      if (Vmis.isFinal(current)) {
        return null;
      }
      ObjectNode status = Json.with(current, "status");
      status.put("phase", Vmis.SUCCEEDED);
      ObjectNode transition = Json.withArray(status, "phaseTransitionTimestamps").addObject();
      transition.put("phase", Vmis.SUCCEEDED);
      transition.put("phaseTransitionTimestamp", Json.now());
      Conditions.set(current, "Ready", "False", "PodTerminating", "virt-launcher pod is terminating");
      return current;
    });
    if (pod != null) {
      kubelet.finish(Json.namespace(pod), Json.name(pod), true);
    }
    shutdowns.remove(key);
    events.normal(vmi, new EventRecorder.Source("virt-handler", Json.text(vmi, "status", "nodeName")), "Deleted",
        "Signaled Deletion");
  }

  /** Pauses or unpauses a running VMI's domain (the validation is the subresource's). */
  void setPaused(JsonNode vmi, boolean paused) {
    api.update(KubeVirtTypes.VIRTUAL_MACHINE_INSTANCES, Json.namespace(vmi), Json.name(vmi), current -> {
      if (paused) {
        Conditions.set(current, "Paused", "True", "PausedByUser", "VMI was paused by user");
      } else {
        Conditions.remove(current, "Paused");
      }
      return current;
    });
    events.normal(vmi, new EventRecorder.Source("virt-handler", Json.text(vmi, "status", "nodeName")),
        paused ? "Paused" : "Unpaused", paused ? "VirtualMachineInstance paused" : "VirtualMachineInstance unpaused");
  }

  /**
   * Whether the virt-launcher pod hosts a guest (its VMI is Scheduled or Running on the node): such
   * a pod ends only once the guest is shut down, so it is deleted gracefully.
   */
  boolean hostsGuest(JsonNode pod) {
    if (!"virt-launcher".equals(Json.labels(pod).get("kubevirt.io"))) {
      return false;
    }
    for (JsonNode owner : Json.items(pod, "metadata", "ownerReferences")) {
      if ("VirtualMachineInstance".equals(Json.text(owner, "kind"))) {
        return store.get(KubeVirtTypes.VIRTUAL_MACHINE_INSTANCES, Json.namespace(pod), Json.text(owner, "name"))
            .map(StoredObject::view)
            .filter(vmi -> Json.uid(vmi).equals(Json.text(owner, "uid")))
            .map(Vmis::phase).filter(phase -> phase.equals(Vmis.SCHEDULED) || phase.equals(Vmis.RUNNING))
            .isPresent();
      }
    }
    return false;
  }

  /** Whether the node's virt-handler pod runs: without it nothing starts or stops its VMIs. */
  boolean runsOn(String node) {
    return !store.list(CoreTypes.PODS, KubeVirtInstall.NAMESPACE, pod -> isHandler(pod)
        && node.equals(Json.text(pod, "spec", "nodeName")) && "Running".equals(Json.text(pod, "status", "phase"))
        && !Json.deleting(pod)).isEmpty();
  }

  static boolean isHandler(JsonNode pod) {
    return "virt-handler".equals(Json.labels(pod).get("kubevirt.io"));
  }

  /** The VMIs on the node, for when its virt-handler comes (back). */
  void enqueueVmisOn(String node) {
    store.list(KubeVirtTypes.VIRTUAL_MACHINE_INSTANCES, null, vmi -> node.equals(Json.text(vmi, "status", "nodeName")))
        .forEach(vmi -> loop.enqueue(new ObjectRef(vmi.key().namespace(), vmi.key().name())));
  }

  private JsonNode launcherPod(JsonNode vmi) {
    return store.byLabel(CoreTypes.PODS, Json.namespace(vmi), KubeVirtComponent.CREATED_BY, Json.uid(vmi))
        .stream().map(StoredObject::view).findFirst().orElse(null);
  }

  private JsonNode secret(String namespace, String name) {
    return store.get(CoreTypes.SECRETS, namespace, name).map(StoredObject::view).orElse(null);
  }
}
