package dev.edgevm.embedded.internal.sriov;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.api.ObjectEvent;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.events.EventRecorder;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.nodes.Kubelet;
import dev.edgevm.embedded.internal.nodes.NodeRegistry;
import dev.edgevm.embedded.internal.nodes.NodeStatuses;
import dev.edgevm.embedded.internal.nodes.PodStatuses;
import dev.edgevm.embedded.internal.runtime.ClusterComponent;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.runtime.ControllerLoop;
import dev.edgevm.embedded.internal.runtime.SeededRandom;
import dev.edgevm.embedded.internal.scheduler.NodeMatching;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The SR-IOV network device plugin: a DaemonSet in {@code kube-system} with one pod on every node
 * that has SR-IOV resources (labelled {@code feature.node.kubernetes.io/network-sriov.capable=true},
 * as Node Feature Discovery does). Its pod starts on a node (Running and Ready), then the plugin
 * finds the VFs bound to vfio-pci there ({@link VirtualFunctions}) and registers them with the
 * kubelet, which reports them in its next node status: the node's capacity and allocatable of each
 * resource become that count. When the pod goes, the node's allocatable of its resources drops to
 * 0 (capacity stays, as the kubelet keeps it for a while) and the DaemonSet starts a replacement,
 * which the scheduler places and which registers again: the runbook's "restart the device plugin"
 * after binding a VF. The cluster starts with every plugin registered.
 */
public final class SriovDevicePlugin implements ClusterComponent {

  private static final EventRecorder.Source DAEMON_SET_CONTROLLER = new EventRecorder.Source("daemonset-controller", null);

  /** The uid of the pod whose registration the node's resources show, per node. */
  private final Map<String, String> registered = new ConcurrentHashMap<>();
  private final Map<String, VirtualFunctions> functions = new ConcurrentHashMap<>();
  private ClusterApi api;
  private NodeRegistry nodes;
  private EventRecorder events;
  private SeededRandom random;
  private String revisionHash;
  private ControllerLoop<String> loop;
  private Kubelet kubelet;

  @Override
  public void start(ClusterContext context) {
    this.api = context.api();
    this.nodes = context.nodes();
    this.events = context.service(EventRecorder.class);
    this.random = context.random();
    for (String node : nodes.names()) {
      Map<String, VirtualFunctions.Configured> configured = VirtualFunctions.configured(nodes.options(node));
      functions.put(node, VirtualFunctions.create(nodes.root(node), configured));
    }
    List<String> sriovNodes = nodes.names().stream().filter(n -> !functions.get(n).resources().isEmpty()).toList();
    if (sriovNodes.isEmpty()) {
      return; // deployed only where some node has SR-IOV NICs
    }
    this.kubelet = context.service(Kubelet.class);
    kubelet.handOver(DevicePluginObjects::isPluginPod);
    this.revisionHash = Long.toHexString(random.next("controller-revision-hash:" + DevicePluginObjects.NAME) & 0xffffffffL);
    for (String node : sriovNodes) {
      api.update(CoreTypes.NODES, null, node, n -> {
        Json.with(n, "metadata", "labels").put(DevicePluginObjects.CAPABLE_LABEL, "true");
        return n;
      });
    }
    ObjectNode daemonSet = api.createWithStatus(CoreTypes.DAEMON_SETS, DevicePluginObjects.daemonSet());
    for (String node : sriovNodes) {
      ObjectNode pod = DevicePluginObjects.pod(daemonSet, podName(), node, revisionHash);
      ((ObjectNode) pod.get("spec")).put("nodeName", node);
      ObjectNode created = api.create(CoreTypes.PODS, pod);
      run(created);
      register(node, Json.uid(created));
    }
    updateDaemonSetStatus();
    this.loop = context.controller("sriov-device-plugin", this::reconcile);
    context.subscribe(CoreTypes.PODS, this::onPod);
    context.subscribe(CoreTypes.DAEMON_SETS, event -> {
      if (DevicePluginObjects.NAME.equals(event.name()) && DevicePluginObjects.NAMESPACE.equals(event.namespace())
          && specChanged(event)) {
        nodes.names().forEach(loop::enqueue);
      }
    });
    context.subscribe(CoreTypes.NODES, event -> {
      if (event.type() != ObjectEvent.Type.DELETED && labelsChanged(event)) {
        loop.enqueue(event.name());
      }
    });
  }

  private void onPod(ObjectEvent event) {
    JsonNode pod = event.latest().view();
    if (DevicePluginObjects.isPluginPod(pod)) {
      String node = DevicePluginObjects.nodeOf(pod);
      if (node != null) {
        loop.enqueue(node);
      }
    }
  }

  /** Created, deleted or its spec changed (a new generation); not its own status updates. */
  private static boolean specChanged(ObjectEvent event) {
    return event.before() == null || event.after() == null
        || Json.number(event.before().view(), 0, "metadata", "generation") != Json.number(event.after().view(), 0, "metadata", "generation");
  }

  private static boolean labelsChanged(ObjectEvent event) {
    return event.before() == null || !Json.labels(event.before().view()).equals(Json.labels(event.after().view()));
  }

  /** Brings one node to the DaemonSet's wish: one plugin pod if the node is selected, running and registered. */
  private void reconcile(String node) {
    List<ObjectNode> pods = api.list(CoreTypes.PODS, DevicePluginObjects.NAMESPACE,
        p -> DevicePluginObjects.isPluginPod(p) && node.equals(DevicePluginObjects.nodeOf(p)) && !Json.deleting(p)
            && !PodStatuses.isFinished(p));
    String registeredUid = registered.get(node);
    if (registeredUid != null && pods.stream().noneMatch(p -> registeredUid.equals(Json.uid(p)))) {
      unregister(node);
    }
    Optional<ObjectNode> daemonSet = api.get(CoreTypes.DAEMON_SETS, DevicePluginObjects.NAMESPACE, DevicePluginObjects.NAME);
    Optional<ObjectNode> nodeObject = api.get(CoreTypes.NODES, null, node);
    if (daemonSet.isEmpty() || nodeObject.isEmpty()) {
      updateDaemonSetStatus();
      return;
    }
    boolean selected = NodeMatching.matchesSelector(
        Json.stringMap(daemonSet.get(), "spec", "template", "spec", "nodeSelector"), nodeObject.get());
    if (!selected) {
      pods.forEach(p -> api.delete(CoreTypes.PODS, DevicePluginObjects.NAMESPACE, Json.name(p)));
    } else if (pods.isEmpty()) {
      ObjectNode created = api.create(CoreTypes.PODS, DevicePluginObjects.pod(daemonSet.get(), podName(), node, revisionHash));
      events.normal(daemonSet.get(), DAEMON_SET_CONTROLLER, "SuccessfulCreate", "Created pod: " + Json.name(created));
    } else {
      for (ObjectNode pod : pods) {
        if (!node.equals(Json.text(pod, "spec", "nodeName"))) {
          continue; // not placed yet
        }
        if (!"Running".equals(Json.text(pod, "status", "phase"))) {
          if (kubelet.imagesPulled(pod)) {
            run(pod); // its status change brings the node back here, to register
          }
        } else if (!Json.uid(pod).equals(registered.get(node))) {
          register(node, Json.uid(pod));
        }
      }
    }
    updateDaemonSetStatus();
  }

  /** The plugin's container starts on its node: Running and Ready (it has no readiness probe). */
  private void run(ObjectNode pod) {
    String node = Json.text(pod, "spec", "nodeName");
    Optional<ObjectNode> running = api.updateStatus(CoreTypes.PODS, Json.namespace(pod), Json.name(pod), current -> {
      PodStatuses.running(current, nodes, nodes.internalIp(node), Instant.now());
      return current;
    });
    running.ifPresent(p -> events.normal(p, new EventRecorder.Source("kubelet", node), "Started",
        "Started container " + DevicePluginObjects.CONTAINER));
  }

  /**
   * The running plugin registers the VFs it finds with the kubelet, which reports them in its next
   * node status: capacity and allocatable of each resource become that count.
   */
  private void register(String node, String podUid) {
    VirtualFunctions vfs = functions.get(node);
    Map<String, Long> found = vfs == null ? Map.of() : vfs.scan();
    api.updateStatus(CoreTypes.NODES, null, node, n -> {
      ObjectNode capacity = Json.with(n, "status", "capacity");
      ObjectNode allocatable = Json.with(n, "status", "allocatable");
      found.forEach((resource, count) -> {
        capacity.put(resource, Long.toString(count));
        allocatable.put(resource, Long.toString(count));
      });
      NodeStatuses.heartbeat(n);
      return n;
    });
    registered.put(node, podUid);
  }

  /** The plugin's socket is gone: the kubelet marks its devices unhealthy, allocatable 0, capacity kept. */
  private void unregister(String node) {
    registered.remove(node);
    VirtualFunctions vfs = functions.get(node);
    if (vfs == null) {
      return;
    }
    api.updateStatus(CoreTypes.NODES, null, node, n -> {
      ObjectNode allocatable = Json.with(n, "status", "allocatable");
      vfs.resources().forEach(resource -> allocatable.put(resource, "0"));
      NodeStatuses.heartbeat(n);
      return n;
    });
  }

  private void updateDaemonSetStatus() {
    Optional<ObjectNode> daemonSet = api.get(CoreTypes.DAEMON_SETS, DevicePluginObjects.NAMESPACE, DevicePluginObjects.NAME);
    if (daemonSet.isEmpty()) {
      return;
    }
    Map<String, String> selector = Json.stringMap(daemonSet.get(), "spec", "template", "spec", "nodeSelector");
    long desired = api.list(CoreTypes.NODES, null, n -> NodeMatching.matchesSelector(selector, n)).size();
    List<ObjectNode> pods = api.list(CoreTypes.PODS, DevicePluginObjects.NAMESPACE,
        p -> DevicePluginObjects.isPluginPod(p) && !Json.deleting(p) && !PodStatuses.isFinished(p));
    long scheduled = pods.stream().map(p -> Json.text(p, "spec", "nodeName")).filter(n -> n != null).distinct().count();
    long ready = pods.stream().filter(p -> "Running".equals(Json.text(p, "status", "phase")))
        .map(p -> Json.text(p, "spec", "nodeName")).collect(Collectors.toSet()).size();
    api.updateStatus(CoreTypes.DAEMON_SETS, DevicePluginObjects.NAMESPACE, DevicePluginObjects.NAME, ds -> {
      ObjectNode status = ds.putObject("status");
      status.put("currentNumberScheduled", scheduled);
      status.put("desiredNumberScheduled", desired);
      status.put("numberMisscheduled", 0);
      status.put("numberReady", ready);
      status.put("numberAvailable", ready);
      status.put("updatedNumberScheduled", scheduled);
      if (desired > ready) {
        status.put("numberUnavailable", desired - ready);
      }
      status.put("observedGeneration", Json.number(ds, 1, "metadata", "generation"));
      return ds;
    });
  }

  private String podName() {
    return DevicePluginObjects.NAME + "-" + random.nameSuffix(DevicePluginObjects.NAME + "-");
  }
}
