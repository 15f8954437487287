package dev.edgevm.embedded.internal.api;

import dev.edgevm.embedded.internal.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders objects as a {@code meta.k8s.io/v1 Table}, which kubectl asks for when it prints
 * ({@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}).
 */
public final class TableWriter {

  private TableWriter() {
  }

  public static boolean wanted(String accept) {
    return accept != null && accept.contains("as=Table");
  }

  public static ObjectNode table(ResourceType type, List<StoredObject> objects, long resourceVersion) {
    ObjectNode table = Json.object();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata").put("resourceVersion", Long.toString(resourceVersion));
    ArrayNode definitions = table.putArray("columnDefinitions");
    definitions.add(column("Name", "string", "name", 0));
    for (PrinterColumn column : type.columns()) {
      definitions.add(column(column.name(), column.type(), "", column.priority()));
    }
    ArrayNode rows = table.putArray("rows");
    Instant now = Instant.now();
    for (StoredObject stored : objects) {
      JsonNode object = stored.view();
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells.add(Json.name(object));
      for (PrinterColumn column : type.columns()) {
        Object value = column.cell().apply(object);
        if (value == null) {
          cells.addNull();
        } else if ("date".equals(column.type())) {
          cells.add(age(value.toString(), now));
        } else if (value instanceof Number number) {
          cells.add(number.longValue());
        } else if (value instanceof Boolean bool) {
          cells.add(bool);
        } else {
          cells.add(value.toString());
        }
      }
      ObjectNode partial = row.putObject("object");
      partial.put("kind", "PartialObjectMetadata");
      partial.put("apiVersion", "meta.k8s.io/v1");
      partial.set("metadata", object.path("metadata").deepCopy());
    }
    return table;
  }

  private static ObjectNode column(String name, String type, String format, int priority) {
    ObjectNode column = Json.object();
    column.put("name", name);
    column.put("type", type);
    column.put("format", format);
    column.put("description", "");
    column.put("priority", priority);
    return column;
  }

  /** Ages as kubectl prints them: 45s, 3m12s, 25m, 5h3m, 2d4h, 30d. */
  static String age(String timestamp, Instant now) {
    Instant then;
    try {
      then = Instant.parse(timestamp);
    } catch (RuntimeException e) {
      return "<unknown>";
    }
    Duration age = Duration.between(then, now);
    long seconds = Math.max(0, age.getSeconds());
    if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      return minutes + "m" + (seconds % 60 == 0 ? "" : (seconds % 60) + "s");
    }
    if (minutes < 180) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      return hours + "h" + (minutes % 60 == 0 ? "" : (minutes % 60) + "m");
    }
    if (hours < 48) {
      return hours + "h";
    }
    long days = hours / 24;
    if (days < 8) {
      return days + "d" + (hours % 24 == 0 ? "" : (hours % 24) + "h");
    }
    return days + "d";
  }
}
