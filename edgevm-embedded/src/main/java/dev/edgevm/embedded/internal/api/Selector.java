package dev.edgevm.embedded.internal.api;

import dev.edgevm.embedded.internal.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Label and field selectors of list and watch requests, with the set-based label operators
 * ({@code in}, {@code notin}, {@code !key}) the API server accepts.
 */
public final class Selector implements Predicate<JsonNode> {

  private static final Pattern SET_BASED = Pattern.compile("^\\s*(\\S+)\\s+(in|notin)\\s*\\((.*)\\)\\s*$");
  private static final Pattern EQUALITY = Pattern.compile("^\\s*([^!=\\s]+)\\s*(==|=|!=)\\s*(\\S*)\\s*$");
  private static final Pattern EXISTS = Pattern.compile("^\\s*(!?)\\s*([^!=\\s()]+)\\s*$");

  private final Predicate<JsonNode> predicate;

  private Selector(Predicate<JsonNode> predicate) {
    this.predicate = predicate;
  }

  public static Selector all() {
    return new Selector(object -> true);
  }

  /** The selectors of a list or watch request; both may be absent. */
  public static Selector of(String labelSelector, String fieldSelector) {
    Predicate<JsonNode> result = object -> true;
    if (labelSelector != null && !labelSelector.isBlank()) {
      result = result.and(labels(labelSelector));
    }
    if (fieldSelector != null && !fieldSelector.isBlank()) {
      result = result.and(fields(fieldSelector));
    }
    return new Selector(result);
  }

  @Override
  public boolean test(JsonNode object) {
    return predicate.test(object);
  }

  /** The value of {@code metadata.name=x} when the field selector pins one name, else null. */
  public static String pinnedName(String fieldSelector) {
    if (fieldSelector == null) {
      return null;
    }
    for (String requirement : fieldSelector.split(",")) {
      Matcher m = EQUALITY.matcher(requirement);
      if (m.matches() && m.group(1).equals("metadata.name") && !m.group(2).equals("!=")) {
        return m.group(3);
      }
    }
    return null;
  }

  private static Predicate<JsonNode> labels(String selector) {
    Predicate<JsonNode> result = object -> true;
    for (String requirement : splitRequirements(selector)) {
      Predicate<Map<String, String>> test = labelRequirement(requirement);
      result = result.and(object -> test.test(Json.labels(object)));
    }
    return result;
  }

  private static Predicate<Map<String, String>> labelRequirement(String requirement) {
    Matcher set = SET_BASED.matcher(requirement);
    if (set.matches()) {
      String key = set.group(1);
      Set<String> values = Arrays.stream(set.group(3).split(",")).map(String::trim).collect(Collectors.toSet());
      return set.group(2).equals("in")
          ? labels -> labels.containsKey(key) && values.contains(labels.get(key))
          : labels -> !labels.containsKey(key) || !values.contains(labels.get(key));
    }
    Matcher eq = EQUALITY.matcher(requirement);
    if (eq.matches()) {
      String key = eq.group(1);
      String value = eq.group(3);
      return eq.group(2).equals("!=")
          ? labels -> !value.equals(labels.get(key))
          : labels -> value.equals(labels.get(key));
    }
    Matcher exists = EXISTS.matcher(requirement);
    if (exists.matches()) {
      String key = exists.group(2);
      return exists.group(1).isEmpty() ? labels -> labels.containsKey(key) : labels -> !labels.containsKey(key);
    }
    throw new IllegalArgumentException("unable to parse requirement: " + requirement);
  }

  private static Predicate<JsonNode> fields(String selector) {
    Predicate<JsonNode> result = object -> true;
    for (String requirement : selector.split(",")) {
      Matcher eq = EQUALITY.matcher(requirement);
      if (!eq.matches()) {
        throw new IllegalArgumentException("invalid field selector: " + requirement);
      }
      String[] path = eq.group(1).split("\\.");
      String value = eq.group(3);
      boolean negated = eq.group(2).equals("!=");
      result = result.and(object -> negated != value.equals(Json.textOr(object, "", path)));
    }
    return result;
  }

  /** Splits on commas outside parentheses ("a in (x,y),b" is two requirements). */
  private static List<String> splitRequirements(String selector) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : selector.toCharArray()) {
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
      if (c == ',' && depth == 0) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (current.length() > 0) {
      parts.add(current.toString());
    }
    return parts;
  }
}
