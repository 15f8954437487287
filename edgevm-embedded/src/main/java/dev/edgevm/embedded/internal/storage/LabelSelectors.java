package dev.edgevm.embedded.internal.storage;

import dev.edgevm.embedded.internal.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A LabelSelector object ({@code matchLabels}, {@code matchExpressions}) applied to labels. */
final class LabelSelectors {

  private LabelSelectors() {
  }

  /** True for an absent selector, as a claim without selector matches every volume. */
  static boolean matches(JsonNode selector, Map<String, String> labels) {
    if (selector == null || !selector.isObject()) {
      return true;
    }
    for (Map.Entry<String, String> required : Json.stringMap(selector, "matchLabels").entrySet()) {
      if (!required.getValue().equals(labels.get(required.getKey()))) {
        return false;
      }
    }
    for (JsonNode expression : Json.items(selector, "matchExpressions")) {
      String key = Json.text(expression, "key");
      List<String> values = new ArrayList<>();
      Json.items(expression, "values").forEach(v -> values.add(v.asString()));
      String actual = labels.get(key);
      boolean ok;
      switch (Json.textOr(expression, "", "operator")) {
        case "In":
          ok = actual != null && values.contains(actual);
          break;
        case "NotIn":
          ok = actual == null || !values.contains(actual);
          break;
        case "Exists":
          ok = actual != null;
          break;
        case "DoesNotExist":
          ok = actual == null;
          break;
        default:
          ok = false;
      }
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
