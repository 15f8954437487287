package dev.edgevm.embedded.internal.scheduler;

import dev.edgevm.embedded.internal.json.Json;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Node selectors as pods and PersistentVolumes state them: {@code nodeSelector} maps, node
 * selector terms (ORed) of requirements (ANDed) with In, NotIn, Exists, DoesNotExist, Gt, Lt on
 * labels ({@code matchExpressions}) or on the node name ({@code matchFields metadata.name}), and
 * taints against tolerations.
 */
public final class NodeMatching {

  private NodeMatching() {
  }

  /** Whether the node has every label of the selector map. */
  public static boolean matchesSelector(Map<String, String> selector, JsonNode node) {
    Map<String, String> labels = Json.labels(node);
    return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  /** Whether a {@code nodeSelectorTerms} array (any term) accepts the node; an empty list accepts none. */
  public static boolean matchesTerms(List<JsonNode> terms, JsonNode node) {
    for (JsonNode term : terms) {
      if (matchesTerm(term, node)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesTerm(JsonNode term, JsonNode node) {
    List<JsonNode> expressions = Json.items(term, "matchExpressions");
    List<JsonNode> fields = Json.items(term, "matchFields");
    if (expressions.isEmpty() && fields.isEmpty()) {
      return false;
    }
    Map<String, String> labels = Json.labels(node);
    for (JsonNode requirement : expressions) {
      if (!matchesRequirement(requirement, labels.get(Json.text(requirement, "key")))) {
        return false;
      }
    }
    for (JsonNode requirement : fields) {
      String value = "metadata.name".equals(Json.text(requirement, "key")) ? Json.name(node) : null;
      if (!matchesRequirement(requirement, value)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matchesRequirement(JsonNode requirement, String value) {
    List<String> values = Json.items(requirement, "values").stream().map(JsonNode::asString).toList();
    switch (Json.textOr(requirement, "", "operator")) {
      case "In":
        return value != null && values.contains(value);
      case "NotIn":
        return value == null || !values.contains(value);
      case "Exists":
        return value != null;
      case "DoesNotExist":
        return value == null;
      case "Gt":
      case "Lt":
        try {
          long actual = Long.parseLong(value);
          long bound = Long.parseLong(values.get(0));
          return "Gt".equals(Json.text(requirement, "operator")) ? actual > bound : actual < bound;
        } catch (RuntimeException e) {
          return false;
        }
      default:
        return false;
    }
  }

  /** The first taint with the given effects that no toleration tolerates, or null. */
  public static JsonNode untoleratedTaint(JsonNode node, List<JsonNode> tolerations, List<String> effects) {
    for (JsonNode taint : Json.items(node, "spec", "taints")) {
      if (!effects.contains(Json.text(taint, "effect"))) {
        continue;
      }
      if (tolerations.stream().noneMatch(toleration -> tolerates(toleration, taint))) {
        return taint;
      }
    }
    return null;
  }

  /** Whether the toleration tolerates the taint (operator Exists or Equal, effect empty = all). */
  public static boolean tolerates(JsonNode toleration, JsonNode taint) {
    String effect = Json.text(toleration, "effect");
    if (effect != null && !effect.isEmpty() && !effect.equals(Json.text(taint, "effect"))) {
      return false;
    }
    String key = Json.text(toleration, "key");
    String operator = Json.textOr(toleration, "Equal", "operator");
    if (key == null || key.isEmpty()) {
      return "Exists".equals(operator);
    }
    if (!key.equals(Json.text(taint, "key"))) {
      return false;
    }
    if ("Exists".equals(operator)) {
      return true;
    }
    return Json.textOr(toleration, "", "value").equals(Json.textOr(taint, "", "value"));
  }
}
