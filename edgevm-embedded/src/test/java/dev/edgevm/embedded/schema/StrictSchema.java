package dev.edgevm.embedded.schema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates objects against an OpenAPI v2 document strictly, as a structural schema with field
 * validation would: every definition with properties rejects unknown fields; types, enums and
 * required fields are checked. Read from the shared schemas directory, never copied.
 */
final class StrictSchema {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JsonNode definitions;

  private StrictSchema(JsonNode definitions) {
    this.definitions = definitions;
  }

  static Path directory() {
    return Path.of(System.getProperty("edgevm.schemas.dir", "../../shared/schemas"));
  }

  static StrictSchema load(String file) throws java.io.IOException {
    return new StrictSchema(JSON.readTree(Files.readString(directory().resolve(file))).get("definitions"));
  }

  /** Every violation of the definition by the object, with its JSON path; empty when valid. */
  List<String> violations(JsonNode object, String definition) {
    List<String> problems = new ArrayList<>();
    check(object, definitions.get(definition), "$", problems);
    return problems;
  }

  private void check(JsonNode value, JsonNode schema, String path, List<String> problems) {
    if (schema == null || value == null || value.isNull()) {
      return;
    }
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asString();
      check(value, definitions.get(ref.substring(ref.lastIndexOf('/') + 1)), path, problems);
      return;
    }
    JsonNode type = schema.get("type");
    if (type != null && !typeMatches(value, type)) {
      problems.add(path + ": expected " + type + " but was " + value.getNodeType());
      return;
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode allowed : schema.get("enum")) {
        found |= allowed.equals(value);
      }
      if (!found) {
        problems.add(path + ": " + value + " is not one of " + schema.get("enum"));
      }
    }
    if (value.isObject()) {
      JsonNode properties = schema.get("properties");
      if (properties != null) {
        for (Map.Entry<String, JsonNode> field : value.properties()) {
          if (!properties.has(field.getKey())) {
            problems.add(path + "." + field.getKey() + ": unknown field");
          } else {
            check(field.getValue(), properties.get(field.getKey()), path + "." + field.getKey(), problems);
          }
        }
        for (JsonNode required : schema.path("required")) {
          if (!value.has(required.asString())) {
            problems.add(path + ": missing required field " + required.asString());
          }
        }
      } else if (schema.get("additionalProperties") != null && schema.get("additionalProperties").isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          check(field.getValue(), schema.get("additionalProperties"), path + "." + field.getKey(), problems);
        }
      }
    } else if (value.isArray() && schema.has("items")) {
      int i = 0;
      for (JsonNode item : value) {
        check(item, schema.get("items"), path + "[" + i++ + "]", problems);
      }
    }
  }

  private static boolean typeMatches(JsonNode value, JsonNode type) {
    if (type.isArray()) {
      for (JsonNode option : type) {
        if (typeMatches(value, option)) {
          return true;
        }
      }
      return false;
    }
    switch (type.asString()) {
      case "object": return value.isObject();
      case "array": return value.isArray();
      case "string": return value.isString();
      case "integer": return value.isIntegralNumber();
      case "number": return value.isNumber();
      case "boolean": return value.isBoolean();
      case "null": return value.isNull();
      default: return true;
    }
  }
}
