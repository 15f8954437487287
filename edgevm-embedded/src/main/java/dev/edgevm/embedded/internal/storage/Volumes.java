package dev.edgevm.embedded.internal.storage;

import dev.edgevm.embedded.internal.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** How PersistentVolumes and claims are read: the rules the PV controller matches them by. */
public final class Volumes {

  public static final String HOSTNAME_LABEL = "kubernetes.io/hostname";
  /** Where the CSI driver keeps the directory of a volume on its node. */
  public static final String CSI_PATH_ATTRIBUTE = "path";

  private Volumes() {
  }

  /** The node a PV's node affinity pins it to ({@code kubernetes.io/hostname In [node]}), or null. */
  public static String node(JsonNode pv) {
    for (JsonNode term : Json.items(pv, "spec", "nodeAffinity", "required", "nodeSelectorTerms")) {
      for (JsonNode expression : Json.items(term, "matchExpressions")) {
        if (HOSTNAME_LABEL.equals(Json.text(expression, "key")) && "In".equals(Json.text(expression, "operator"))) {
          List<JsonNode> values = Json.items(expression, "values");
          if (values.size() == 1) {
            return values.get(0).asString();
          }
        }
      }
    }
    return null;
  }

  /** Whether the PV's node affinity admits a node with these labels (no affinity admits all). */
  public static boolean admitsNode(JsonNode pv, java.util.Map<String, String> nodeLabels) {
    List<JsonNode> terms = Json.items(pv, "spec", "nodeAffinity", "required", "nodeSelectorTerms");
    if (terms.isEmpty()) {
      return true;
    }
    for (JsonNode term : terms) {
      boolean all = true;
      for (JsonNode expression : Json.items(term, "matchExpressions")) {
        all &= matches(expression, nodeLabels);
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(JsonNode expression, java.util.Map<String, String> labels) {
    String key = Json.text(expression, "key");
    String operator = Json.text(expression, "operator");
    List<String> values = new ArrayList<>();
    Json.items(expression, "values").forEach(v -> values.add(v.asString()));
    String actual = labels.get(key);
    switch (String.valueOf(operator)) {
      case "In": return actual != null && values.contains(actual);
      case "NotIn": return actual == null || !values.contains(actual);
      case "Exists": return actual != null;
      case "DoesNotExist": return actual == null;
      default: return false;
    }
  }

  /** The path on the node holding a PV's data: local, hostPath or this cluster's CSI driver. */
  public static String nodePath(JsonNode pv) {
    String local = Json.text(pv, "spec", "local", "path");
    if (local != null) {
      return local;
    }
    String hostPath = Json.text(pv, "spec", "hostPath", "path");
    if (hostPath != null) {
      return hostPath;
    }
    if (StorageClasses.CSI_DRIVER.equals(Json.text(pv, "spec", "csi", "driver"))) {
      return Json.text(pv, "spec", "csi", "volumeAttributes", CSI_PATH_ATTRIBUTE);
    }
    return null;
  }

  public static long capacity(JsonNode pv) {
    return Quantities.bytes(Json.text(pv, "spec", "capacity", "storage"));
  }

  public static long request(JsonNode claim) {
    return Quantities.bytes(Json.text(claim, "spec", "resources", "requests", "storage"));
  }

  public static String storageClass(JsonNode object) {
    String name = Json.text(object, "spec", "storageClassName");
    return name == null ? "" : name;
  }

  public static String volumeMode(JsonNode object) {
    return Json.textOr(object, "Filesystem", "spec", "volumeMode");
  }

  public static Set<String> accessModes(JsonNode object) {
    Set<String> modes = new java.util.LinkedHashSet<>();
    Json.items(object, "spec", "accessModes").forEach(mode -> modes.add(mode.asString()));
    return modes;
  }

  /** The PV controller's IsVolumeBoundToClaim: claimRef names the claim (and its uid, when set). */
  public static boolean claimRefNames(JsonNode pv, JsonNode claim) {
    JsonNode ref = Json.at(pv, "spec", "claimRef");
    if (ref == null || !ref.isObject()) {
      return false;
    }
    String uid = Json.text(ref, "uid");
    return Objects.equals(Json.text(ref, "name"), Json.name(claim))
        && Objects.equals(Json.text(ref, "namespace"), Json.namespace(claim))
        && (uid == null || uid.isEmpty() || uid.equals(Json.uid(claim)));
  }

  /**
   * Why a PV cannot serve a claim, as the PV controller checks it for a claim pre-bound either way:
   * capacity, access modes and volume mode; null when it can. Storage class is checked by the caller
   * only for unbound matches, as the PV controller does.
   */
  public static String unsatisfied(JsonNode pv, JsonNode claim) {
    long request = request(claim);
    if (capacity(pv) < request) {
      return "requested PV is too small";
    }
    if (!accessModes(pv).containsAll(accessModes(claim))) {
      return "incompatible accessMode";
    }
    if (!volumeMode(pv).equals(volumeMode(claim))) {
      return "incompatible volumeMode";
    }
    return null;
  }
}
