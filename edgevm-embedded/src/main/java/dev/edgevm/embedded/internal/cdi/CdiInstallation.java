package dev.edgevm.embedded.internal.cdi;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.catalog.CdiTypes;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.namespaces.Namespaces;
import dev.edgevm.embedded.internal.nodes.NodeRegistry;
import dev.edgevm.embedded.internal.nodes.PodStatuses;
import dev.edgevm.embedded.internal.runtime.SeededRandom;
import dev.edgevm.embedded.internal.storage.StorageClasses;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a deployed CDI leaves in a cluster: the {@code cdi} namespace with its four pods Running,
 * the CDI CR (Deployed), CDIConfig with the upload proxy's URL and CA and the filesystem overhead,
 * a StorageProfile per storage class, the {@code cdi-uploadproxy} Service and the signer bundle.
 */
final class CdiInstallation {

  private static final List<String> COMPONENTS =
      List.of("cdi-apiserver", "cdi-deployment", "cdi-operator", "cdi-uploadproxy");

  private final ClusterApi api;
  private final NodeRegistry nodes;
  private final SeededRandom random;

  CdiInstallation(ClusterApi api, NodeRegistry nodes, SeededRandom random) {
    this.api = api;
    this.nodes = nodes;
    this.random = random;
  }

  void install(String uploadProxyUrl, int uploadProxyPort, String caPem) {
    Namespaces.ensure(api, CdiNames.NAMESPACE, Map.of("cdi.kubevirt.io", ""));
    api.createWithStatus(CdiTypes.CDIS, cr());
    api.createWithStatus(CdiTypes.CDI_CONFIGS, config(uploadProxyUrl, caPem));
    for (ObjectNode storageClass : api.list(CoreTypes.STORAGE_CLASSES, null)) {
      api.createWithStatus(CdiTypes.STORAGE_PROFILES, storageProfile(storageClass));
    }
    String node = nodes.names().get(0);
    for (String component : COMPONENTS) {
      api.createWithStatus(CoreTypes.PODS, systemPod(component, node));
    }
    api.createWithStatus(CoreTypes.SERVICES, uploadProxyService(uploadProxyPort));
    ObjectNode bundle = object("v1", "ConfigMap", CdiNames.UPLOAD_PROXY_BUNDLE);
    Json.with(bundle, "metadata").put("namespace", CdiNames.NAMESPACE);
    bundle.putObject("data").put("ca-bundle.crt", caPem);
    api.create(CoreTypes.CONFIG_MAPS, bundle);
  }

  private static ObjectNode object(String apiVersion, String kind, String name) {
    ObjectNode object = Json.object();
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    object.putObject("metadata").put("name", name);
    return object;
  }

  private static ObjectNode cr() {
    ObjectNode cr = object("cdi.kubevirt.io/v1beta1", "CDI", CdiNames.CR_NAME);
    ObjectNode spec = cr.putObject("spec");
    spec.put("imagePullPolicy", "IfNotPresent");
    spec.putObject("infra");
    spec.putObject("workload");
    spec.putObject("config").putArray("featureGates");
    ObjectNode status = cr.putObject("status");
    status.put("phase", "Deployed");
    status.put("observedVersion", CdiNames.VERSION);
    status.put("operatorVersion", CdiNames.VERSION);
    status.put("targetVersion", CdiNames.VERSION);
    ArrayNode conditions = status.putArray("conditions");
    String now = Json.now();
    crCondition(conditions, "Available", "True", "DeployCompleted", "Deployment Completed", now);
    crCondition(conditions, "Progressing", "False", null, null, now);
    crCondition(conditions, "Degraded", "False", null, null, now);
    return cr;
  }

  private static void crCondition(ArrayNode conditions, String type, String status, String reason, String message,
      String now) {
    ObjectNode condition = conditions.addObject();
    condition.put("type", type);
    condition.put("status", status);
    condition.put("lastHeartbeatTime", now);
    condition.put("lastTransitionTime", now);
    if (reason != null) {
      condition.put("reason", reason);
      condition.put("message", message);
    }
  }

  private ObjectNode config(String uploadProxyUrl, String caPem) {
    ObjectNode config = object("cdi.kubevirt.io/v1beta1", "CDIConfig", CdiNames.CONFIG_NAME);
    config.putObject("spec").putArray("featureGates");
    ObjectNode status = config.putObject("status");
    status.put("uploadProxyURL", uploadProxyUrl);
    status.put("uploadProxyCA", caPem);
    status.put("preallocation", false);
    ObjectNode resources = status.putObject("defaultPodResourceRequirements");
    resources.putObject("limits").put("cpu", "750m").put("memory", "600M");
    resources.putObject("requests").put("cpu", "100m").put("memory", "60M");
    ObjectNode overhead = status.putObject("filesystemOverhead");
    overhead.put("global", CdiNames.DEFAULT_OVERHEAD);
    ObjectNode perClass = overhead.putObject("storageClass");
    for (ObjectNode storageClass : api.list(CoreTypes.STORAGE_CLASSES, null)) {
      perClass.put(Json.name(storageClass), CdiNames.DEFAULT_OVERHEAD);
    }
    return config;
  }

  /** CDI's capabilities for the local provisioner; the made-up CSI driver gets the same. */
  static ObjectNode storageProfile(JsonNode storageClass) {
    String name = Json.name(storageClass);
    ObjectNode profile = object("cdi.kubevirt.io/v1beta1", "StorageProfile", name);
    profile.putObject("spec");
    ObjectNode status = profile.putObject("status");
    ObjectNode set = status.putArray("claimPropertySets").addObject();
    set.putArray("accessModes").add("ReadWriteOnce");
    set.put("volumeMode", "Filesystem");
    status.put("provisioner", Json.text(storageClass, "provisioner"));
    status.put("storageClass", name);
    boolean csi = StorageClasses.CSI_DRIVER.equals(Json.text(storageClass, "provisioner"));
    status.put("cloneStrategy", csi ? "snapshot" : "copy");
    status.put("dataImportCronSourceFormat", csi ? "snapshot" : "pvc");
    if (csi) {
      status.put("snapshotClass", StorageClasses.CSI_SNAPSHOT_CLASS);
    }
    return profile;
  }

  private ObjectNode systemPod(String component, String node) {
    String hash = String.format("%010x", random.next("cdi-rs:" + component) & 0xffffffffffL);
    String replicaSet = component + "-" + hash;
    ObjectNode pod = object("v1", "Pod", replicaSet + "-" + random.nameSuffix("cdi-pod:" + component));
    ObjectNode metadata = Json.with(pod, "metadata");
    metadata.put("namespace", CdiNames.NAMESPACE);
    ObjectNode labels = metadata.putObject("labels");
    labels.put("cdi.kubevirt.io", component);
    labels.put("app.kubernetes.io/component", "storage");
    labels.put("app.kubernetes.io/managed-by", component.equals("cdi-operator") ? "olm" : "cdi-operator");
    labels.put("operator.cdi.kubevirt.io", "");
    ObjectNode spec = pod.putObject("spec");
    spec.put("nodeName", node);
    spec.put("serviceAccountName", component.equals("cdi-deployment") ? "cdi-sa" : component);
    ObjectNode container = spec.putArray("containers").addObject();
    container.put("name", component.equals("cdi-deployment") ? "cdi-controller" : component);
    container.put("image", "quay.io/kubevirt/" + (component.equals("cdi-deployment") ? "cdi-controller" : component)
        + ":" + CdiNames.VERSION);
    PodStatuses.running(pod, nodes, podIp(node, component), Instant.now());
    return pod;
  }

  private String podIp(String node, String key) {
    String cidr = nodes.podCidr(node);
    String prefix = cidr.substring(0, cidr.lastIndexOf('.') + 1);
    return prefix + (2 + random.nextInt("cdi-pod-ip:" + key, 250));
  }

  /**
   * The proxy's Service, of type LoadBalancer whose ingress is the loopback address and port the
   * embedded proxy really listens on, so clients that look the proxy up by Service reach it.
   */
  private ObjectNode uploadProxyService(int port) {
    ObjectNode service = object("v1", "Service", CdiNames.UPLOAD_PROXY);
    ObjectNode metadata = Json.with(service, "metadata");
    metadata.put("namespace", CdiNames.NAMESPACE);
    metadata.putObject("labels").put("cdi.kubevirt.io", CdiNames.UPLOAD_PROXY);
    ObjectNode spec = service.putObject("spec");
    spec.put("type", "LoadBalancer");
    spec.put("clusterIP", "10.96." + (1 + random.nextInt("cdi-uploadproxy-ip:a", 250)) + "."
        + (2 + random.nextInt("cdi-uploadproxy-ip:b", 250)));
    ObjectNode servicePort = spec.putArray("ports").addObject();
    servicePort.put("port", port);
    servicePort.put("protocol", "TCP");
    servicePort.put("targetPort", CdiNames.UPLOAD_SERVER_PORT);
    spec.putObject("selector").put("cdi.kubevirt.io", CdiNames.UPLOAD_PROXY);
    service.putObject("status").putObject("loadBalancer").putArray("ingress").addObject().put("ip", "127.0.0.1");
    return service;
  }
}
