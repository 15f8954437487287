package dev.edgevm.embedded.internal.nodes;

import dev.edgevm.embedded.NodeOptions;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.runtime.ClusterComponent;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Registers the configured nodes as Node objects: Ready, with their labels, taints and resources. */
public final class NodesComponent implements ClusterComponent {

  static final String KUBELET_VERSION = "v1.30.4";

  @Override
  public void start(ClusterContext context) {
    NodeRegistry nodes = context.nodes();
    for (String name : nodes.names()) {
      context.api().createWithStatus(CoreTypes.NODES, node(context, nodes, name));
    }
  }

  private static ObjectNode node(ClusterContext context, NodeRegistry nodes, String name) {
    NodeOptions options = nodes.options(name);
    ObjectNode node = Json.object();
    node.put("apiVersion", "v1");
    node.put("kind", "Node");
    ObjectNode metadata = node.putObject("metadata");
    metadata.put("name", name);
    ObjectNode labels = metadata.putObject("labels");
    labels.put("beta.kubernetes.io/arch", "amd64");
    labels.put("beta.kubernetes.io/os", "linux");
    labels.put("kubernetes.io/arch", "amd64");
    labels.put("kubernetes.io/hostname", name);
    labels.put("kubernetes.io/os", "linux");
    labels.put("node-role.kubernetes.io/worker", "");
    labels.put("kubevirt.io/schedulable", "true");
    options.labels().forEach(labels::put);
    metadata.putObject("annotations").put("node.alpha.kubernetes.io/ttl", "0");

    ObjectNode spec = node.putObject("spec");
    spec.put("podCIDR", nodes.podCidr(name));
    spec.putArray("podCIDRs").add(nodes.podCidr(name));
    if (options.unschedulable()) {
      spec.put("unschedulable", true);
    }
    if (!options.taints().isEmpty()) {
      ArrayNode taints = spec.putArray("taints");
      for (NodeOptions.Taint taint : options.taints()) {
        ObjectNode t = taints.addObject();
        t.put("key", taint.key());
        if (taint.value() != null) {
          t.put("value", taint.value());
        }
        t.put("effect", taint.effect());
      }
    }

    ObjectNode status = node.putObject("status");
    ObjectNode capacity = status.putObject("capacity");
    ObjectNode allocatable = status.putObject("allocatable");
    for (Map.Entry<String, String> resource : options.allocatable().entrySet()) {
      capacity.put(resource.getKey(), resource.getValue());
      allocatable.put(resource.getKey(), resource.getValue());
    }
    ArrayNode conditions = status.putArray("conditions");
    String now = Json.now();
    condition(conditions, "MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now);
    condition(conditions, "DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now);
    condition(conditions, "PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now);
    condition(conditions, "Ready", "True", "KubeletReady", "kubelet is posting ready status", now);
    ArrayNode addresses = status.putArray("addresses");
    addresses.addObject().put("type", "InternalIP").put("address", nodes.internalIp(name));
    addresses.addObject().put("type", "Hostname").put("address", name);
    status.putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", 10250);
    ObjectNode info = status.putObject("nodeInfo");
    String id = new UUID(context.random().next("machine-id:" + name), context.random().next("boot-id:" + name)).toString();
    info.put("machineID", id.replace("-", ""));
    info.put("systemUUID", id);
    info.put("bootID", id);
    info.put("kernelVersion", "3.10.0-1127.el7.x86_64");
    info.put("osImage", "CentOS Linux 7 (Core)");
    info.put("containerRuntimeVersion", "containerd://1.7.20");
    info.put("kubeletVersion", KUBELET_VERSION);
    info.put("kubeProxyVersion", KUBELET_VERSION);
    info.put("operatingSystem", "linux");
    info.put("architecture", "amd64");
    return node;
  }

  private static void condition(ArrayNode conditions, String type, String status, String reason, String message,
      String now) {
    ObjectNode condition = conditions.addObject();
    condition.put("type", type);
    condition.put("status", status);
    condition.put("lastHeartbeatTime", now);
    condition.put("lastTransitionTime", now);
    condition.put("reason", reason);
    condition.put("message", message);
  }
}
