package dev.edgevm.embedded.internal.sriov;

import dev.edgevm.embedded.internal.json.Json;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The SR-IOV network device plugin's DaemonSet as the runbook's cluster has it (Helm release
 * {@code sriov-release} of the plugin's {@code kube-sriov-device-plugin-amd64} DaemonSet in
 * {@code kube-system}), and its pods as the DaemonSet controller makes them: labels of the
 * template plus {@code controller-revision-hash} and {@code pod-template-generation}, an owner
 * reference, node affinity on the node's name, and the DaemonSet controller's tolerations.
 */
final class DevicePluginObjects {

  static final String NAMESPACE = "kube-system";
  static final String NAME = "sriov-release-kube-sriov-device-plugin-amd64";
  static final String APP_LABEL = "app";
  static final String APP = "sriovdp";
  static final String CONTAINER = "kube-sriovdp";
  static final String IMAGE = "ghcr.io/k8snetworkplumbingwg/sriov-network-device-plugin:latest-amd64";
  /** Node Feature Discovery's label of nodes with SR-IOV capable NICs; the DaemonSet's node selector. */
  static final String CAPABLE_LABEL = "feature.node.kubernetes.io/network-sriov.capable";

  private static final Map<String, String> SELECTOR = Map.of("name", "sriov-device-plugin");

  private DevicePluginObjects() {
  }

  static ObjectNode daemonSet() {
    ObjectNode ds = Json.object();
    ds.put("apiVersion", "apps/v1");
    ds.put("kind", "DaemonSet");
    ObjectNode metadata = ds.putObject("metadata");
    metadata.put("name", NAME);
    metadata.put("namespace", NAMESPACE);
    ObjectNode labels = metadata.putObject("labels");
    labels.put("tier", "node");
    labels.put(APP_LABEL, APP);
    labels.put("app.kubernetes.io/managed-by", "Helm");
    metadata.putObject("annotations").put("deprecated.daemonset.template.generation", "1")
        .put("meta.helm.sh/release-name", "sriov-release").put("meta.helm.sh/release-namespace", NAMESPACE);
    ObjectNode spec = ds.putObject("spec");
    ObjectNode matchLabels = spec.putObject("selector").putObject("matchLabels");
    SELECTOR.forEach(matchLabels::put);
    spec.put("revisionHistoryLimit", 10);
    spec.putObject("updateStrategy").put("type", "RollingUpdate").putObject("rollingUpdate")
        .put("maxUnavailable", 1).put("maxSurge", 0);
    ObjectNode template = spec.putObject("template");
    templateLabels(template.putObject("metadata").putObject("labels"));
    ObjectNode podSpec = template.putObject("spec");
    podSpec.put("hostNetwork", true);
    podSpec.putObject("nodeSelector").put(CAPABLE_LABEL, "true");
    // tolerates every NoSchedule taint, so the plugin also runs on the CPU manager's (cmk) nodes
    podSpec.putArray("tolerations").addObject().put("operator", "Exists").put("effect", "NoSchedule");
    podSpec.put("serviceAccountName", "sriov-device-plugin");
    podSpec.put("restartPolicy", "Always");
    podSpec.put("terminationGracePeriodSeconds", 30);
    podSpec.put("dnsPolicy", "ClusterFirstWithHostNet");
    ObjectNode container = podSpec.putArray("containers").addObject();
    container.put("name", CONTAINER);
    container.put("image", IMAGE);
    container.put("imagePullPolicy", "IfNotPresent");
    container.putObject("securityContext").put("privileged", true);
    ObjectNode resources = container.putObject("resources");
    resources.putObject("requests").put("cpu", "250m").put("memory", "40Mi");
    resources.putObject("limits").put("cpu", "1").put("memory", "200Mi");
    ArrayNode mounts = container.putArray("volumeMounts");
    mounts.addObject().put("name", "devicesock").put("mountPath", "/var/lib/kubelet/");
    mounts.addObject().put("name", "device-info").put("mountPath", "/var/run/k8s.cni.cncf.io/devinfo/dp");
    ArrayNode volumes = podSpec.putArray("volumes");
    volumes.addObject().put("name", "devicesock").putObject("hostPath").put("path", "/var/lib/kubelet/");
    volumes.addObject().put("name", "device-info").putObject("hostPath")
        .put("path", "/var/run/k8s.cni.cncf.io/devinfo/dp").put("type", "DirectoryOrCreate");
    ds.putObject("status").put("currentNumberScheduled", 0).put("desiredNumberScheduled", 0)
        .put("numberMisscheduled", 0).put("numberReady", 0);
    return ds;
  }

  private static void templateLabels(ObjectNode labels) {
    SELECTOR.forEach(labels::put);
    labels.put("tier", "node");
    labels.put(APP_LABEL, APP);
  }

  /** A pod of the DaemonSet for {@code node}, as the DaemonSet controller creates it (not yet bound). */
  static ObjectNode pod(JsonNode daemonSet, String name, String node, String revisionHash) {
    ObjectNode pod = Json.object();
    pod.put("apiVersion", "v1");
    pod.put("kind", "Pod");
    ObjectNode metadata = pod.putObject("metadata");
    metadata.put("name", name);
    metadata.put("generateName", NAME + "-");
    metadata.put("namespace", NAMESPACE);
    ObjectNode labels = metadata.putObject("labels");
    Json.stringMap(daemonSet, "spec", "template", "metadata", "labels").forEach(labels::put);
    labels.put("controller-revision-hash", revisionHash);
    labels.put("pod-template-generation", Long.toString(Json.number(daemonSet, 1, "metadata", "generation")));
    ObjectNode owner = metadata.putArray("ownerReferences").addObject();
    owner.put("apiVersion", "apps/v1");
    owner.put("kind", "DaemonSet");
    owner.put("name", Json.name(daemonSet));
    owner.put("uid", Json.uid(daemonSet));
    owner.put("controller", true);
    owner.put("blockOwnerDeletion", true);
    ObjectNode spec = (ObjectNode) Json.at(daemonSet, "spec", "template", "spec").deepCopy();
    pod.set("spec", spec);
    spec.put("schedulerName", "default-scheduler");
    spec.putObject("affinity").putObject("nodeAffinity").putObject("requiredDuringSchedulingIgnoredDuringExecution")
        .putArray("nodeSelectorTerms").addObject().putArray("matchFields").addObject()
        .put("key", "metadata.name").put("operator", "In").putArray("values").add(node);
    ArrayNode tolerations = Json.withArray(spec, "tolerations");
    for (String key : List.of("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")) {
      tolerations.addObject().put("key", key).put("operator", "Exists").put("effect", "NoExecute");
    }
    for (String key : List.of("node.kubernetes.io/disk-pressure", "node.kubernetes.io/memory-pressure",
        "node.kubernetes.io/pid-pressure", "node.kubernetes.io/unschedulable", "node.kubernetes.io/network-unavailable")) {
      tolerations.addObject().put("key", key).put("operator", "Exists").put("effect", "NoSchedule");
    }
    return pod;
  }

  /** Whether the pod is one of the DaemonSet's. */
  static boolean isPluginPod(JsonNode pod) {
    return NAMESPACE.equals(Json.namespace(pod)) && APP.equals(Json.labels(pod).get(APP_LABEL))
        && Json.items(pod, "metadata", "ownerReferences").stream()
            .anyMatch(o -> "DaemonSet".equals(Json.text(o, "kind")) && NAME.equals(Json.text(o, "name")));
  }

  /** The node a plugin pod runs on, or is made for (its node affinity) while not yet bound. */
  static String nodeOf(JsonNode pod) {
    String bound = Json.text(pod, "spec", "nodeName");
    if (bound != null && !bound.isEmpty()) {
      return bound;
    }
    for (JsonNode term : Json.items(pod, "spec", "affinity", "nodeAffinity",
        "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")) {
      for (JsonNode field : Json.items(term, "matchFields")) {
        if ("metadata.name".equals(Json.text(field, "key"))) {
          List<JsonNode> values = Json.items(field, "values");
          if (!values.isEmpty()) {
            return values.get(0).asString();
          }
        }
      }
    }
    return null;
  }
}
