package dev.edgevm.embedded.internal.kubevirt;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.catalog.KubeVirtTypes;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.namespaces.Namespaces;
import dev.edgevm.embedded.internal.nodes.NodeRegistry;
import dev.edgevm.embedded.internal.nodes.PodNetwork;
import dev.edgevm.embedded.internal.runtime.SeededRandom;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * KubeVirt as virt-operator leaves it deployed: the {@code kubevirt} namespace, the KubeVirt CR
 * (phase Deployed, Available), and the running pods of virt-api, virt-controller and
 * virt-operator (two each) and of virt-handler (one per node).
 */
final class KubeVirtInstall {

  static final String VERSION = "v1.9.0";
  static final String NAMESPACE = "kubevirt";

  private final ClusterApi api;
  private final NodeRegistry nodes;
  private final PodNetwork network;
  private final SeededRandom random;

  KubeVirtInstall(ClusterApi api, NodeRegistry nodes, PodNetwork network, SeededRandom random) {
    this.api = api;
    this.nodes = nodes;
    this.network = network;
    this.random = random;
  }

  void install() {
    Namespaces.ensure(api, NAMESPACE);
    api.createWithStatus(KubeVirtTypes.KUBEVIRTS, kubeVirt());
    List<String> names = nodes.names();
    for (String component : List.of("virt-api", "virt-controller", "virt-operator")) {
      String replicaSet = component + "-" + hash(component);
      for (int i = 0; i < 2; i++) {
        String node = names.get(i % names.size());
        api.createWithStatus(CoreTypes.PODS, pod(component, replicaSet + "-" + random.nameSuffix(replicaSet), node));
      }
    }
    for (String node : names) {
      api.createWithStatus(CoreTypes.PODS, pod("virt-handler", "virt-handler-" + random.nameSuffix("virt-handler"), node));
    }
  }

  private ObjectNode kubeVirt() {
    ObjectNode kv = Json.object();
    kv.put("apiVersion", "kubevirt.io/v1");
    kv.put("kind", "KubeVirt");
    ObjectNode metadata = kv.putObject("metadata");
    metadata.put("name", "kubevirt");
    metadata.put("namespace", NAMESPACE);
    metadata.putArray("finalizers").add("foregroundDeleteKubeVirt");
    ObjectNode spec = kv.putObject("spec");
    spec.putObject("certificateRotateStrategy");
    spec.putObject("configuration").putObject("developerConfiguration").putArray("featureGates");
    spec.putObject("customizeComponents");
    spec.put("imagePullPolicy", "IfNotPresent");
    spec.putObject("workloadUpdateStrategy");
    ObjectNode status = kv.putObject("status");
    status.put("phase", "Deployed");
    status.put("observedKubeVirtVersion", VERSION);
    status.put("targetKubeVirtVersion", VERSION);
    status.put("operatorVersion", VERSION);
    status.put("observedKubeVirtRegistry", "quay.io/kubevirt");
    status.put("targetKubeVirtRegistry", "quay.io/kubevirt");
    status.put("defaultArchitecture", "amd64");
    ArrayNode conditions = status.putArray("conditions");
    condition(conditions, "Available", "True", "All components are ready.");
    condition(conditions, "Progressing", "False", "All components are ready.");
    condition(conditions, "Degraded", "False", "All components are ready.");
    return kv;
  }

  private static void condition(ArrayNode conditions, String type, String status, String message) {
    ObjectNode condition = conditions.addObject();
    condition.put("type", type);
    condition.put("status", status);
    condition.put("reason", "AllComponentsReady");
    condition.put("message", message);
    condition.put("lastProbeTime", Json.now());
    condition.put("lastTransitionTime", Json.now());
  }

  private ObjectNode pod(String component, String name, String node) {
    ObjectNode pod = Json.object();
    pod.put("apiVersion", "v1");
    pod.put("kind", "Pod");
    ObjectNode metadata = pod.putObject("metadata");
    metadata.put("name", name);
    metadata.put("namespace", NAMESPACE);
    ObjectNode labels = metadata.putObject("labels");
    labels.put("kubevirt.io", component);
    labels.put("app.kubernetes.io/component", "kubevirt");
    labels.put("app.kubernetes.io/managed-by", "virt-operator");
    labels.put("app.kubernetes.io/version", VERSION);
    labels.put("prometheus.kubevirt.io", "true");
    ObjectNode spec = pod.putObject("spec");
    spec.put("nodeName", node);
    spec.put("priorityClassName", "kubevirt-cluster-critical");
    ObjectNode container = spec.putArray("containers").addObject();
    container.put("name", component);
    container.put("image", "quay.io/kubevirt/" + component + ":" + VERSION);
    spec.putArray("tolerations").addObject().put("key", "CriticalAddonsOnly").put("operator", "Exists");
    ObjectNode status = pod.putObject("status");
    String now = Json.now();
    String ip = network.assign(node, NAMESPACE + "/" + name);
    status.put("phase", "Running");
    status.put("hostIP", nodes.internalIp(node));
    status.put("podIP", ip);
    status.putArray("podIPs").addObject().put("ip", ip);
    status.put("startTime", now);
    status.put("qosClass", "BestEffort");
    ArrayNode conditions = status.putArray("conditions");
    for (String type : List.of("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled")) {
      ObjectNode condition = conditions.addObject();
      condition.put("type", type);
      condition.put("status", "True");
      condition.putNull("lastProbeTime");
      condition.put("lastTransitionTime", now);
    }
    ObjectNode containerStatus = status.putArray("containerStatuses").addObject();
    containerStatus.put("name", component);
    containerStatus.put("image", "quay.io/kubevirt/" + component + ":" + VERSION);
    containerStatus.put("imageID", "");
    containerStatus.put("ready", true);
    containerStatus.put("started", true);
    containerStatus.put("restartCount", 0);
    containerStatus.putObject("state").putObject("running").put("startedAt", now);
    return pod;
  }

  private String hash(String component) {
    return Long.toHexString(random.next("replicaset:" + component) & 0xffffffffffL).substring(0, 9);
  }
}
