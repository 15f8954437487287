package dev.edgevm.embedded.internal.json;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The subset of kubectl's JSONPath that printer columns of CRDs use: {@code .a.b},
 * {@code .a[0].b} and {@code .a[?(@.type=='Ready')].status}.
 */
public final class JsonPath {

  private static final Pattern STEP = Pattern.compile(
      "\\.([A-Za-z0-9_\\-]+)|\\[(\\d+)]|\\[\\?\\(@\\.([A-Za-z0-9_\\-]+)==['\"]([^'\"]*)['\"]\\)]");

  private record Step(String field, int index, String filterField, String filterValue) {
  }

  private final String expression;
  private final List<Step> steps = new ArrayList<>();

  private JsonPath(String expression) {
    this.expression = expression;
    Matcher matcher = STEP.matcher(expression);
    int position = 0;
    while (matcher.find()) {
      if (matcher.start() != position) {
        throw new IllegalArgumentException("unsupported JSONPath " + expression);
      }
      int index = matcher.group(2) == null ? -1 : Integer.parseInt(matcher.group(2));
      steps.add(new Step(matcher.group(1), index, matcher.group(3), matcher.group(4)));
      position = matcher.end();
    }
    if (position != expression.length()) {
      throw new IllegalArgumentException("unsupported JSONPath " + expression);
    }
  }

  public static JsonPath compile(String expression) {
    return new JsonPath(expression);
  }

  /** The value at the path, or null when any step is absent. */
  public JsonNode evaluate(JsonNode root) {
    JsonNode current = root;
    for (Step step : steps) {
      if (current == null || current.isMissingNode() || current.isNull()) {
        return null;
      }
      if (step.field() != null) {
        current = current.get(step.field());
      } else if (step.index() >= 0) {
        current = current.isArray() ? current.get(step.index()) : null;
      } else {
        current = select(current, step.filterField(), step.filterValue());
      }
    }
    return current == null || current.isMissingNode() || current.isNull() ? null : current;
  }

  private static JsonNode select(JsonNode array, String field, String value) {
    if (!array.isArray()) {
      return null;
    }
    for (JsonNode element : array) {
      if (value.equals(Json.text(element, field))) {
        return element;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return expression;
  }
}
