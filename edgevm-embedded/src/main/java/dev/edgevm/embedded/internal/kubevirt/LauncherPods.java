package dev.edgevm.embedded.internal.kubevirt;

import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.quantity.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders the virt-launcher pod of a VMI as virt-controller's template service does: its name,
 * labels and annotations, the "compute" container with the VMI's resources (cpu at the default
 * allocation ratio of 10, guest memory plus an overhead, hugepages instead of memory when the
 * guest uses them, KVM/TUN/vhost-net devices, one VF of the NetworkAttachmentDefinition's
 * resource per SR-IOV network), a container per container disk, the VMI's placement
 * (nodeSelector, affinity, tolerations) and its claims as volumes.
 */
final class LauncherPods {

  static final String LAUNCHER_IMAGE = "quay.io/kubevirt/virt-launcher:" + KubeVirtInstall.VERSION;
  static final String UNPAUSED_GATE = "kubevirt.io/virtual-machine-unpaused";
  static final String RESOURCE_NAME_ANNOTATION = "k8s.v1.cni.cncf.io/resourceName";
  /** Simplified launcher overhead (KubeVirt computes it from the domain; ~200-300Mi is typical). */
  private static final BigDecimal OVERHEAD = Quantity.parse("240Mi");
  private static final int CPU_ALLOCATION_RATIO = 10;

  /** The VMI cannot get a pod (e.g. a missing NetworkAttachmentDefinition). */
  static final class RenderException extends Exception {
    private static final long serialVersionUID = 1L;

    RenderException(String message) {
      super(message);
    }
  }

  private LauncherPods() {
  }

  /**
   * @param networkAttachments finds a NetworkAttachmentDefinition by namespace and name (or null)
   */
  static ObjectNode render(JsonNode vmi, BiFunction<String, String, JsonNode> networkAttachments)
      throws RenderException {
    String name = Json.name(vmi);
    ObjectNode pod = Json.object();
    pod.put("apiVersion", "v1");
    pod.put("kind", "Pod");
    ObjectNode metadata = pod.putObject("metadata");
    metadata.put("generateName", "virt-launcher-" + name + "-");
    metadata.put("namespace", Json.namespace(vmi));
    ObjectNode labels = metadata.putObject("labels");
    Json.labels(vmi).forEach(labels::put);
    labels.put("kubevirt.io", "virt-launcher");
    labels.put("kubevirt.io/created-by", Json.uid(vmi));
    labels.put("vm.kubevirt.io/name", name);
    labels.put("vmi.kubevirt.io/id", name.length() <= 63 ? name : name.substring(0, 63));
    ObjectNode annotations = metadata.putObject("annotations");
    Json.annotations(vmi).forEach((key, value) -> {
      if (!key.startsWith("kubectl.kubernetes.io") && !key.startsWith("kubevirt.io/latest-observed-api-version")
          && !key.startsWith("kubevirt.io/storage-observed-api-version")) {
        annotations.put(key, value);
      }
    });
    annotations.put("kubevirt.io/domain", name);
    annotations.put("kubectl.kubernetes.io/default-container", "compute");
    annotations.put("kubevirt.io/migrationTransportUnix", "true");
    annotations.put("descheduler.alpha.kubernetes.io/request-evict-only", "");
    ObjectNode owner = metadata.putArray("ownerReferences").addObject();
    owner.put("apiVersion", "kubevirt.io/v1");
    owner.put("kind", "VirtualMachineInstance");
    owner.put("name", name);
    owner.put("uid", Json.uid(vmi));
    owner.put("controller", true);
    owner.put("blockOwnerDeletion", true);

    ObjectNode spec = pod.putObject("spec");
    spec.put("hostname", name);
    spec.put("restartPolicy", "Never");
    spec.put("terminationGracePeriodSeconds", Json.number(vmi, 180, "spec", "terminationGracePeriodSeconds") + 15);
    spec.put("automountServiceAccountToken", false);
    spec.put("enableServiceLinks", false);
    if (Json.text(vmi, "spec", "schedulerName") != null) {
      spec.put("schedulerName", Json.text(vmi, "spec", "schedulerName"));
    }
    ObjectNode nodeSelector = spec.putObject("nodeSelector");
    Json.stringMap(vmi, "spec", "nodeSelector").forEach(nodeSelector::put);
    nodeSelector.put("kubevirt.io/schedulable", "true");
    copy(vmi, spec, "affinity");
    copy(vmi, spec, "tolerations");
    spec.putArray("readinessGates").addObject().put("conditionType", UNPAUSED_GATE);

    ArrayNode containers = spec.putArray("containers");
    ObjectNode compute = containers.addObject();
    compute.put("name", "compute");
    compute.put("image", LAUNCHER_IMAGE);
    compute.putArray("command").add("/usr/bin/virt-launcher-monitor");
    compute.set("resources", resources(vmi, multusNetworks(vmi, annotations, networkAttachments)));
    ArrayNode volumes = spec.putArray("volumes");
    ArrayNode initContainers = Json.array();
    for (JsonNode volume : Json.items(vmi, "spec", "volumes")) {
      String volumeName = Json.text(volume, "name");
      String image = Json.text(volume, "containerDisk", "image");
      if (image != null) {
        if (initContainers.isEmpty()) {
          initContainers.addObject().put("name", "container-disk-binary").put("image", LAUNCHER_IMAGE);
        }
        initContainers.addObject().put("name", "volume" + volumeName + "-init").put("image", image);
        ObjectNode disk = containers.addObject();
        disk.put("name", "volume" + volumeName);
        disk.put("image", image);
        ObjectNode diskResources = disk.putObject("resources");
        diskResources.putObject("requests").put("cpu", "1m").put("memory", "1M").put("ephemeral-storage", "50M");
        diskResources.putObject("limits").put("cpu", "10m").put("memory", "40M");
      }
      String claim = Json.text(volume, "persistentVolumeClaim", "claimName");
      if (claim == null) {
        claim = Json.text(volume, "dataVolume", "name");
      }
      if (claim != null) {
        ObjectNode podVolume = volumes.addObject();
        podVolume.put("name", volumeName);
        podVolume.putObject("persistentVolumeClaim").put("claimName", claim);
      }
    }
    if (!initContainers.isEmpty()) {
      spec.set("initContainers", initContainers);
    }
    return pod;
  }

  /** Resource names of the SR-IOV networks (one VF each), and the Multus annotation for all secondary networks. */
  private static Map<String, Integer> multusNetworks(JsonNode vmi, ObjectNode annotations,
      BiFunction<String, String, JsonNode> networkAttachments) throws RenderException {
    Map<String, Integer> devices = new LinkedHashMap<>();
    ArrayNode multus = Json.array();
    int index = 0;
    for (JsonNode iface : Json.items(vmi, "spec", "domain", "devices", "interfaces")) {
      JsonNode network = Vmis.network(vmi, Json.textOr(iface, "", "name"));
      String networkName = Json.text(network, "multus", "networkName");
      if (networkName == null || Json.bool(network, false, "multus", "default")) {
        continue;
      }
      index++;
      String namespace = networkName.contains("/") ? networkName.substring(0, networkName.indexOf('/')) : Json.namespace(vmi);
      String nadName = networkName.contains("/") ? networkName.substring(networkName.indexOf('/') + 1) : networkName;
      JsonNode nad = networkAttachments.apply(namespace, nadName);
      if (nad == null) {
        throw new RenderException("failed to locate network attachment definition " + namespace + "/" + nadName);
      }
      ObjectNode entry = multus.addObject();
      entry.put("name", nadName);
      entry.put("namespace", namespace);
      entry.put("interface", "net" + index);
      if (Json.text(iface, "macAddress") != null) {
        entry.put("mac", Json.text(iface, "macAddress"));
      }
      String resource = Json.annotations(nad).get(RESOURCE_NAME_ANNOTATION);
      if (resource != null && !resource.isEmpty()) {
        devices.merge(resource, 1, Integer::sum);
      }
    }
    if (!multus.isEmpty()) {
      annotations.put("k8s.v1.cni.cncf.io/networks", Json.write(multus));
    }
    return devices;
  }

  private static ObjectNode resources(JsonNode vmi, Map<String, Integer> devices) {
    ObjectNode resources = Json.object();
    ObjectNode requests = resources.putObject("requests");
    ObjectNode limits = resources.putObject("limits");
    int vcpus = Vmis.vcpus(vmi);
    boolean dedicated = Json.bool(vmi, false, "spec", "domain", "cpu", "dedicatedCpuPlacement");
    String cpuRequest = Json.text(vmi, "spec", "domain", "resources", "requests", "cpu");
    if (dedicated) {
      requests.put("cpu", Integer.toString(vcpus));
      limits.put("cpu", Integer.toString(vcpus));
    } else {
      requests.put("cpu", cpuRequest != null ? cpuRequest
          : Quantity.format(BigDecimal.valueOf(vcpus).divide(BigDecimal.valueOf(CPU_ALLOCATION_RATIO), 3, RoundingMode.CEILING)));
      String cpuLimit = Json.text(vmi, "spec", "domain", "resources", "limits", "cpu");
      if (cpuLimit != null) {
        limits.put("cpu", cpuLimit);
      }
    }
    String guest = Vmis.guestMemory(vmi);
    BigDecimal memory = guest == null ? BigDecimal.ZERO : Quantity.parse(guest);
    String pageSize = Json.text(vmi, "spec", "domain", "memory", "hugepages", "pageSize");
    if (pageSize != null) {
      String hugepages = "hugepages-" + pageSize;
      requests.put(hugepages, guest);
      limits.put(hugepages, guest);
      requests.put("memory", Quantity.format(OVERHEAD));
      if (dedicated) {
        limits.put("memory", Quantity.format(OVERHEAD));
      }
    } else {
      String total = Quantity.format(memory.add(OVERHEAD));
      requests.put("memory", total);
      if (dedicated) {
        limits.put("memory", total);
      }
    }
    for (String device : new String[] {"devices.kubevirt.io/kvm", "devices.kubevirt.io/tun",
        "devices.kubevirt.io/vhost-net"}) {
      requests.put(device, "1");
      limits.put(device, "1");
    }
    devices.forEach((resource, count) -> {
      requests.put(resource, count.toString());
      limits.put(resource, count.toString());
    });
    return resources;
  }

  private static void copy(JsonNode vmi, ObjectNode spec, String field) {
    JsonNode value = vmi.path("spec").get(field);
    if (value != null && !value.isNull()) {
      spec.set(field, value.deepCopy());
    }
  }
}
