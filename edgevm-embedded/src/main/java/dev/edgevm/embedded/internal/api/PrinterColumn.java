package dev.edgevm.embedded.internal.api;

import dev.edgevm.embedded.internal.json.JsonPath;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * One column of the Table a resource is printed as ({@code kubectl get}). Like a CRD's
 * additionalPrinterColumns: a name, a type ("string", "integer", "boolean", "date"), a priority
 * (1 = only with {@code -o wide}) and how the cell is read from the object.
 */
public record PrinterColumn(String name, String type, int priority, Function<JsonNode, Object> cell) {

  /** A column read with a JSONPath, as CRDs declare them. */
  public static PrinterColumn path(String name, String type, String jsonPath) {
    return path(name, type, jsonPath, 0);
  }

  public static PrinterColumn path(String name, String type, String jsonPath, int priority) {
    JsonPath path = JsonPath.compile(jsonPath);
    return new PrinterColumn(name, type, priority, object -> {
      JsonNode value = path.evaluate(object);
      if (value == null) {
        return null;
      }
      if (value.isNumber()) {
        return value.numberValue();
      }
      if (value.isBoolean()) {
        return value.booleanValue();
      }
      return value.isContainer() ? value.toString() : value.asString();
    });
  }

  /** The Age column every resource has. */
  public static PrinterColumn age() {
    return path("Age", "date", ".metadata.creationTimestamp");
  }
}
