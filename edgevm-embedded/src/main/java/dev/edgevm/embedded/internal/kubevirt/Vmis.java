package dev.edgevm.embedded.internal.kubevirt;

import dev.edgevm.embedded.internal.json.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reading a VirtualMachineInstance the way KubeVirt's helpers do (phases, volumes, networks). */
final class Vmis {

  static final String PENDING = "Pending";
  static final String SCHEDULING = "Scheduling";
  static final String SCHEDULED = "Scheduled";
  static final String RUNNING = "Running";
  static final String SUCCEEDED = "Succeeded";
  static final String FAILED = "Failed";

  /** Set by the VM controller on VMIs it creates. */
  static final String VM_CONTROLLER_FINALIZER = "kubevirt.io/virtualMachineControllerFinalize";
  /** Set by the VMI controller so it sees every VMI deletion. */
  static final String VMI_FINALIZER = "kubevirt.io/foregroundDeleteVirtualMachine";

  private Vmis() {
  }

  static String phase(JsonNode vmi) {
    return Json.textOr(vmi, "", "status", "phase");
  }

  static boolean isFinal(JsonNode vmi) {
    String phase = phase(vmi);
    return phase.equals(SUCCEEDED) || phase.equals(FAILED);
  }

  static boolean isUnprocessed(JsonNode vmi) {
    String phase = phase(vmi);
    return phase.isEmpty() || phase.equals(PENDING);
  }

  static boolean isRunning(JsonNode vmi) {
    return phase(vmi).equals(RUNNING);
  }

  static boolean isPaused(JsonNode vmi) {
    return Conditions.hasStatus(vmi, "Paused", "True");
  }

  /** Virtual CPUs: cores x sockets x threads, 1 by default. */
  static int vcpus(JsonNode vmi) {
    JsonNode cpu = Json.at(vmi, "spec", "domain", "cpu");
    long cores = Json.number(cpu, 1, "cores");
    long sockets = Json.number(cpu, 1, "sockets");
    long threads = Json.number(cpu, 1, "threads");
    return (int) Math.max(1, cores * sockets * threads);
  }

  /** The guest memory: domain.memory.guest, else the memory request. */
  static String guestMemory(JsonNode vmi) {
    String guest = Json.text(vmi, "spec", "domain", "memory", "guest");
    return guest != null ? guest : Json.text(vmi, "spec", "domain", "resources", "requests", "memory");
  }

  /** Claim names of PVC and DataVolume volumes, in volume order. */
  static List<String> claims(JsonNode vmi) {
    List<String> claims = new ArrayList<>();
    for (JsonNode volume : Json.items(vmi, "spec", "volumes")) {
      String pvc = Json.text(volume, "persistentVolumeClaim", "claimName");
      String dv = Json.text(volume, "dataVolume", "name");
      if (pvc != null) {
        claims.add(pvc);
      } else if (dv != null) {
        claims.add(dv);
      }
    }
    return claims;
  }

  static List<String> dataVolumes(JsonNode vmi) {
    List<String> names = new ArrayList<>();
    for (JsonNode volume : Json.items(vmi, "spec", "volumes")) {
      String dv = Json.text(volume, "dataVolume", "name");
      if (dv != null) {
        names.add(dv);
      }
    }
    return names;
  }

  /** The network (spec.networks entry) an interface is attached to, or null. */
  static JsonNode network(JsonNode vmi, String name) {
    for (JsonNode network : Json.items(vmi, "spec", "networks")) {
      if (name.equals(Json.text(network, "name"))) {
        return network;
      }
    }
    return null;
  }

  static boolean isPodNetwork(JsonNode network) {
    return network != null && network.has("pod");
  }

  static boolean isSriov(JsonNode iface) {
    return iface.has("sriov");
  }
}
