package dev.edgevm.embedded.internal.kubevirt;

import dev.edgevm.embedded.internal.api.ObjectStore;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The LiveMigratable condition virt-handler computes: pod network binding, host devices, shared disks. */
final class Migratability {

  private Migratability() {
  }

  static void condition(ObjectNode vmi, ObjectStore store) {
    String interfaceProblem = interfaceProblem(vmi);
    if (interfaceProblem != null) {
      Conditions.set(vmi, "LiveMigratable", "False", "InterfaceNotLiveMigratable", interfaceProblem);
      return;
    }
    if (!Json.items(vmi, "spec", "domain", "devices", "hostDevices").isEmpty()) {
      Conditions.set(vmi, "LiveMigratable", "False", "HostDeviceNotLiveMigratable",
          "VMI specifies non-migratable generic PCI host device");
      return;
    }
    for (String claim : Vmis.claims(vmi)) {
      boolean shared = store.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, Json.namespace(vmi), claim)
          .map(pvc -> Json.items(pvc.view(), "spec", "accessModes").stream()
              .anyMatch(mode -> "ReadWriteMany".equals(mode.asString())))
          .orElse(false);
      if (!shared) {
        Conditions.set(vmi, "LiveMigratable", "False", "DisksNotLiveMigratable", "cannot migrate VMI: PVC " + claim
            + " is not shared, live migration requires that all PVCs must be shared (using ReadWriteMany access mode)");
        return;
      }
    }
    Conditions.set(vmi, "LiveMigratable", "True", null, null);
  }

  /** Container disks and other local disks are copied during a migration. */
  static boolean blockMigration(JsonNode vmi, ObjectStore store) {
    for (JsonNode volume : Json.items(vmi, "spec", "volumes")) {
      if (volume.has("containerDisk") || volume.has("emptyDisk") || volume.has("hostDisk")) {
        return true;
      }
    }
    return false;
  }

  private static String interfaceProblem(JsonNode vmi) {
    for (JsonNode iface : Json.items(vmi, "spec", "domain", "devices", "interfaces")) {
      if (!Vmis.isPodNetwork(Vmis.network(vmi, Json.textOr(iface, "", "name")))) {
        continue;
      }
      if (iface.has("masquerade") || iface.has("passtBinding")) {
        return null;
      }
      if (iface.has("bridge") && Json.annotations(vmi).containsKey("kubevirt.io/allow-pod-bridge-network-live-migration")) {
        return null;
      }
      return "cannot migrate VMI which does not use masquerade or a migratable plugin to connect to the pod network";
    }
    return null;
  }
}
