package dev.edgevm.embedded.internal.namespaces;

import dev.edgevm.embedded.internal.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Why a Terminating namespace stays, in the conditions and words of Kubernetes' namespace
 * controller: discovery that failed for some aggregated APIs, resources remaining, and the
 * finalizers holding them.
 */
final class NamespaceConditions {

  private final List<String> failingApis = new ArrayList<>();
  /** {@code <plural>.<group>} → how many remain. */
  private final SortedMap<String, Integer> remainingByResource = new TreeMap<>();
  /** finalizer → how many objects it holds. */
  private final SortedMap<String, Integer> remainingByFinalizer = new TreeMap<>();

  /** Aggregated APIs ({@code group/version}) whose discovery failed. */
  void discoveryFailed(List<String> groupVersions) {
    failingApis.addAll(groupVersions);
  }

  /** An object that is still there after its deletion was asked for. */
  void remaining(String plural, String group, JsonNode object) {
    remainingByResource.merge(plural + "." + group, 1, Integer::sum);
    for (JsonNode finalizer : Json.items(object, "metadata", "finalizers")) {
      remainingByFinalizer.merge(finalizer.asString(), 1, Integer::sum);
    }
  }

  /** Whether nothing holds the namespace any more: it may be finalized. */
  boolean clear() {
    return failingApis.isEmpty() && remainingByResource.isEmpty();
  }

  /**
   * Writes the conditions into the namespace's status, all five in the controller's order, False
   * with its "all is well" reason where nothing is wrong; null when they are there already (the
   * transition times of conditions whose status did not change are kept).
   */
  ObjectNode applyTo(ObjectNode namespace) {
    List<ObjectNode> wanted = new ArrayList<>();
    wanted.add(failingApis.isEmpty()
        ? condition("NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered", "All resources successfully discovered")
        : condition("NamespaceDeletionDiscoveryFailure", "True", "DiscoveryFailed",
            "Discovery failed for some groups, " + failingApis.size() + " failing: unable to retrieve the complete list"
                + " of server APIs: " + failingApis.stream().map(gv -> gv + ": the server is currently unable to handle"
                + " the request").collect(Collectors.joining(", "))));
    wanted.add(condition("NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions",
        "All legacy kube types successfully parsed"));
    wanted.add(condition("NamespaceDeletionContentFailure", "False", "ContentDeleted",
        "All content successfully deleted, may be waiting on finalization"));
    wanted.add(remainingByResource.isEmpty()
        ? condition("NamespaceContentRemaining", "False", "ContentRemoved", "All content successfully removed")
        : condition("NamespaceContentRemaining", "True", "SomeResourcesRemain", "Some resources are remaining: "
            + join(remainingByResource, " has %d resource instances")));
    wanted.add(remainingByFinalizer.isEmpty()
        ? condition("NamespaceFinalizersRemaining", "False", "ContentHasNoFinalizers",
            "All content-preserving finalizers finished")
        : condition("NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain",
            "Some content in the namespace has finalizers remaining: " + join(remainingByFinalizer, " in %d resource instances")));
    ArrayNode conditions = Json.withArray(namespace, "status", "conditions");
    if (same(conditions, wanted)) {
      return null;
    }
    for (ObjectNode condition : wanted) {
      for (JsonNode old : conditions) {
        if (Objects.equals(Json.text(old, "type"), Json.text(condition, "type"))
            && Objects.equals(Json.text(old, "status"), Json.text(condition, "status"))
            && old.has("lastTransitionTime")) {
          condition.set("lastTransitionTime", old.get("lastTransitionTime").deepCopy());
        }
      }
    }
    conditions.removeAll();
    wanted.forEach(conditions::add);
    return namespace;
  }

  private static String join(Map<String, Integer> counts, String format) {
    return counts.entrySet().stream().map(e -> e.getKey() + String.format(format, e.getValue()))
        .collect(Collectors.joining(", "));
  }

  private static ObjectNode condition(String type, String status, String reason, String message) {
    ObjectNode condition = Json.object();
    condition.put("type", type);
    condition.put("status", status);
    condition.put("reason", reason);
    condition.put("message", message);
    condition.put("lastTransitionTime", Json.now());
    return condition;
  }

  private static boolean same(ArrayNode current, List<ObjectNode> wanted) {
    if (current.size() != wanted.size()) {
      return false;
    }
    for (int i = 0; i < wanted.size(); i++) {
      for (String field : List.of("type", "status", "reason", "message")) {
        if (!Objects.equals(Json.text(current.get(i), field), Json.text(wanted.get(i), field))) {
          return false;
        }
      }
    }
    return true;
  }
}
