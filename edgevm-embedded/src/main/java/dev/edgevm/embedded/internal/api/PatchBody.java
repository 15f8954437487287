package dev.edgevm.embedded.internal.api;

import dev.edgevm.embedded.internal.json.Json;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A PATCH body and how to apply it. JSON patches and merge patches are applied by fabric8's
 * handler; strategic merge patches are applied as merge patches (lists are replaced, not merged
 * by key); server-side apply is applied as a merge patch that creates the object when absent.
 */
final class PatchBody {

  private static final String JSON_PATCH = "application/json-patch+json";
  private static final String MERGE_PATCH = "application/merge-patch+json";
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private final String contentType;
  private final String body;
  private final ObjectNode object;
  private final boolean apply;

  private PatchBody(String contentType, String body, ObjectNode object, boolean apply) {
    this.contentType = contentType;
    this.body = body;
    this.object = object;
    this.apply = apply;
  }

  static PatchBody of(ApiRequest request) {
    String type = request.header("Content-Type");
    String mediaType = type == null ? JSON_PATCH : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
    switch (mediaType) {
      case JSON_PATCH:
        return new PatchBody(JSON_PATCH, request.body(), null, false);
      case MERGE_PATCH:
      case "application/strategic-merge-patch+json":
        ObjectNode merge = WriteRequests.parseBody(request);
        return new PatchBody(MERGE_PATCH, Json.write(merge), merge, false);
      case "application/apply-patch+yaml":
      case "application/apply-patch+cbor":
        ObjectNode applied = parseYaml(request.body());
        return new PatchBody(MERGE_PATCH, Json.write(applied), applied, true);
      default:
        throw new ApiException(415, Statuses.status(415, "UnsupportedMediaType",
            "the body of the request was in an unknown format - accepted media types include: "
                + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"));
    }
  }

  private static ObjectNode parseYaml(String text) {
    try {
      JsonNode node = YAML.readTree(text);
      if (node instanceof ObjectNode object) {
        return object;
      }
    } catch (RuntimeException e) {
      throw new ApiException(400, Statuses.badRequest("error decoding YAML: " + e.getMessage()));
    }
    throw new ApiException(400, Statuses.badRequest("the apply body is not an object"));
  }

  String contentType() {
    return contentType;
  }

  String body() {
    return body;
  }

  /** The patch as an object (merge patches and apply), or null for JSON patches. */
  ObjectNode object() {
    return object;
  }

  boolean isApply() {
    return apply;
  }

  ObjectNode applied() {
    return object;
  }
}
