package dev.edgevm.embedded.internal.kubevirt;

import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.runtime.SeededRandom;
import java.util.List;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A running VMI's {@code status.interfaces}, as virt-handler reports them from the domain and the
 * guest agent: the pod network NIC carries the launcher pod's address, a secondary NIC (SR-IOV,
 * bridge) the static address the guest's cloud-init network data gives its MAC, if any.
 */
final class Interfaces {

  private Interfaces() {
  }

  /** {"interfaces": [...]} for the VMI running in the pod. */
  static ObjectNode status(JsonNode vmi, JsonNode pod, BiFunction<String, String, JsonNode> secrets,
      SeededRandom random) {
    ObjectNode result = Json.object();
    ArrayNode statuses = result.putArray("interfaces");
    List<JsonNode> interfaces = Json.items(vmi, "spec", "domain", "devices", "interfaces");
    NetworkData networkData = NetworkData.of(vmi, name -> secrets.apply(Json.namespace(vmi), name));
    String podIp = Json.text(pod, "status", "podIP");
    if (interfaces.isEmpty()) {
      ObjectNode status = statuses.addObject();
      fill(status, "default", "eth0", generatedMac(random, vmi, "default"), podIp, "domain, guest-agent", "eth0");
      return result;
    }
    int secondary = 0;
    for (int i = 0; i < interfaces.size(); i++) {
      JsonNode iface = interfaces.get(i);
      String name = Json.text(iface, "name");
      String guestName = "eth" + i;
      String mac = Json.text(iface, "macAddress");
      if (mac == null) {
        mac = generatedMac(random, vmi, name);
      }
      ObjectNode status = statuses.addObject();
      if (Vmis.isPodNetwork(Vmis.network(vmi, name))) {
        fill(status, name, guestName, mac, podIp, "domain, guest-agent", "eth0");
      } else {
        secondary++;
        List<String> addresses = networkData.addresses(mac, guestName);
        fill(status, name, guestName, mac, addresses.isEmpty() ? null : addresses.get(0),
            "domain, guest-agent, multus-status", "net" + secondary);
        if (addresses.size() > 1) {
          ArrayNode all = status.putArray("ipAddresses");
          addresses.forEach(all::add);
        }
      }
    }
    return result;
  }

  private static void fill(ObjectNode status, String name, String guestName, String mac, String ip, String infoSource,
      String podInterfaceName) {
    status.put("infoSource", infoSource);
    status.put("interfaceName", guestName);
    if (ip != null) {
      status.put("ipAddress", ip);
      status.putArray("ipAddresses").add(ip);
    }
    status.put("linkState", "up");
    status.put("mac", mac);
    status.put("name", name);
    status.put("podInterfaceName", podInterfaceName);
    status.put("queueCount", 1);
  }

  /** A libvirt-style MAC (52:54:00:xx:xx:xx) derived from the seed, the VMI and the interface. */
  private static String generatedMac(SeededRandom random, JsonNode vmi, String iface) {
    long bits = random.next("mac:" + Json.namespace(vmi) + "/" + Json.name(vmi) + "/" + iface);
    return String.format("52:54:00:%02x:%02x:%02x", bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff);
  }
}
