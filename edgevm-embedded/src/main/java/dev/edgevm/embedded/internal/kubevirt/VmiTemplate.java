package dev.edgevm.embedded.internal.kubevirt;

import dev.edgevm.embedded.internal.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The VMI a VM starts (SetupVMIFromVM): the template's metadata and spec under the VM's name,
 * owned by the VM, with the VM controller's finalizer, a firmware UUID stable across restarts,
 * the default pod network interface (bridge binding, KubeVirt's default) when none is declared,
 * a disk for every volume without one, and a paused start when the start request asked for it.
 */
final class VmiTemplate {

  private static final UUID FIRMWARE_NAMESPACE = UUID.fromString("6a1a24a1-4061-4607-8bf4-a3963d0c5895");

  private VmiTemplate() {
  }

  static ObjectNode from(JsonNode vm, boolean startPaused) {
    JsonNode template = vm.path("spec").path("template");
    ObjectNode vmi = Json.object();
    vmi.put("apiVersion", "kubevirt.io/v1");
    vmi.put("kind", "VirtualMachineInstance");
    ObjectNode metadata = template.path("metadata").isObject()
        ? ((ObjectNode) template.path("metadata")).deepCopy() : Json.object();
    metadata.remove("generateName");
    metadata.remove("creationTimestamp");
    metadata.put("name", Json.name(vm));
    metadata.put("namespace", Json.namespace(vm));
    Json.with(metadata, "annotations").put("kubevirt.io/vm-generation",
        Long.toString(Json.number(vm, 1, "metadata", "generation")));
    ObjectNode owner = metadata.putArray("ownerReferences").addObject();
    owner.put("apiVersion", "kubevirt.io/v1");
    owner.put("kind", "VirtualMachine");
    owner.put("name", Json.name(vm));
    owner.put("uid", Json.uid(vm));
    owner.put("controller", true);
    owner.put("blockOwnerDeletion", true);
    metadata.putArray("finalizers").add(Vmis.VM_CONTROLLER_FINALIZER);
    vmi.set("metadata", metadata);
    ObjectNode spec = template.path("spec").isObject() ? ((ObjectNode) template.path("spec")).deepCopy() : Json.object();
    if (startPaused) {
      spec.put("startStrategy", "Paused");
    }
    ObjectNode firmware = Json.with(spec, "domain", "firmware");
    if (Json.text(firmware, "uuid") == null) {
      firmware.put("uuid", legacyUuid(Json.name(vm)).toString());
    }
    defaultNetwork(spec);
    defaultDisks(spec);
    vmi.set("spec", spec);
    return vmi;
  }

  private static void defaultNetwork(ObjectNode spec) {
    ArrayNode interfaces = Json.withArray(spec, "domain", "devices", "interfaces");
    ArrayNode networks = Json.withArray(spec, "networks");
    boolean autoattach = Json.bool(spec, true, "domain", "devices", "autoattachPodInterface");
    if (interfaces.isEmpty() && networks.isEmpty() && autoattach) {
      interfaces.addObject().put("name", "default").putObject("bridge");
      networks.addObject().put("name", "default").putObject("pod");
    }
  }

  private static void defaultDisks(ObjectNode spec) {
    ArrayNode disks = Json.withArray(spec, "domain", "devices", "disks");
    Set<String> named = new HashSet<>();
    disks.forEach(disk -> named.add(Json.text(disk, "name")));
    for (JsonNode volume : Json.items(spec, "volumes")) {
      String name = Json.text(volume, "name");
      if (name != null && !named.contains(name)) {
        disks.addObject().put("name", name);
      }
    }
  }

  /** A name-based (version 5) UUID, as KubeVirt's CalculateLegacyUUID computes it. */
  static UUID legacyUuid(String name) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      ByteBuffer namespace = ByteBuffer.allocate(16);
      namespace.putLong(FIRMWARE_NAMESPACE.getMostSignificantBits());
      namespace.putLong(FIRMWARE_NAMESPACE.getLeastSignificantBits());
      sha1.update(namespace.array());
      sha1.update(name.getBytes(StandardCharsets.UTF_8));
      byte[] hash = sha1.digest();
      hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
      hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
      ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
      return new UUID(bytes.getLong(), bytes.getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is not available", e);
    }
  }
}
