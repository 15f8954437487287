package dev.edgevm.embedded.internal.json;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON trees as the cluster stores and serves them. Objects are read with path lookups that
 * answer {@code null} for anything absent, so controllers read like the Go code they imitate.
 */
public final class Json {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Json() {
  }

  public static JsonMapper mapper() {
    return MAPPER;
  }

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  public static ObjectNode parse(String json) {
    JsonNode node = MAPPER.readTree(json);
    if (!(node instanceof ObjectNode)) {
      throw new IllegalArgumentException("not a JSON object");
    }
    return (ObjectNode) node;
  }

  public static JsonNode parseAny(String json) {
    return MAPPER.readTree(json);
  }

  public static String write(JsonNode node) {
    return MAPPER.writeValueAsString(node);
  }

  public static ObjectNode toTree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** The node at the path, or a missing node. */
  public static JsonNode at(JsonNode node, String... path) {
    JsonNode current = node;
    for (String step : path) {
      if (current == null) {
        break;
      }
      current = current.path(step);
    }
    return current;
  }

  /** The scalar at the path as text, or null when absent, null or not a scalar. */
  public static String text(JsonNode node, String... path) {
    JsonNode value = at(node, path);
    if (value == null || value.isMissingNode() || value.isNull() || value.isContainer()) {
      return null;
    }
    return value.asString();
  }

  public static String textOr(JsonNode node, String defaultValue, String... path) {
    String value = text(node, path);
    return value == null ? defaultValue : value;
  }

  public static boolean bool(JsonNode node, boolean defaultValue, String... path) {
    JsonNode value = at(node, path);
    if (value == null || value.isMissingNode() || value.isNull()) {
      return defaultValue;
    }
    return value.isBoolean() ? value.booleanValue() : Boolean.parseBoolean(value.asString());
  }

  public static long number(JsonNode node, long defaultValue, String... path) {
    JsonNode value = at(node, path);
    if (value == null || !value.isNumber()) {
      return defaultValue;
    }
    return value.asLong();
  }

  /** The object at the path, created (with every missing parent) when absent. */
  public static ObjectNode with(ObjectNode node, String... path) {
    ObjectNode current = node;
    for (String step : path) {
      JsonNode next = current.get(step);
      if (!(next instanceof ObjectNode)) {
        next = current.putObject(step);
      }
      current = (ObjectNode) next;
    }
    return current;
  }

  /** The array at the path, created when absent. */
  public static ArrayNode withArray(ObjectNode node, String... path) {
    ObjectNode parent = with(node, java.util.Arrays.copyOf(path, path.length - 1));
    JsonNode existing = parent.get(path[path.length - 1]);
    if (existing instanceof ArrayNode) {
      return (ArrayNode) existing;
    }
    return parent.putArray(path[path.length - 1]);
  }

  /** The elements of the array at the path; empty when absent. */
  public static List<JsonNode> items(JsonNode node, String... path) {
    JsonNode array = at(node, path);
    List<JsonNode> result = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(result::add);
    }
    return result;
  }

  /** The string map at the path (labels, annotations, nodeSelector...); empty when absent. */
  public static Map<String, String> stringMap(JsonNode node, String... path) {
    JsonNode map = at(node, path);
    Map<String, String> result = new LinkedHashMap<>();
    if (map != null && map.isObject()) {
      for (Map.Entry<String, JsonNode> entry : map.properties()) {
        result.put(entry.getKey(), entry.getValue().isNull() ? "" : entry.getValue().asString());
      }
    }
    return result;
  }

  public static String name(JsonNode object) {
    return text(object, "metadata", "name");
  }

  public static String namespace(JsonNode object) {
    return text(object, "metadata", "namespace");
  }

  public static String uid(JsonNode object) {
    return text(object, "metadata", "uid");
  }

  public static Map<String, String> labels(JsonNode object) {
    return stringMap(object, "metadata", "labels");
  }

  public static Map<String, String> annotations(JsonNode object) {
    return stringMap(object, "metadata", "annotations");
  }

  public static boolean deleting(JsonNode object) {
    return text(object, "metadata", "deletionTimestamp") != null;
  }

  /** A timestamp as the API server writes them: RFC 3339, whole seconds, UTC. */
  public static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  public static String now() {
    return timestamp(Instant.now());
  }
}
