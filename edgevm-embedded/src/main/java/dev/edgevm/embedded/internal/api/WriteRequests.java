package dev.edgevm.embedded.internal.api;

import dev.edgevm.embedded.internal.json.Json;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Reading write requests and preparing them for fabric8's handlers. */
final class WriteRequests {

  private WriteRequests() {
  }

  static ObjectNode parseBody(ApiRequest request) {
    try {
      return Json.parse(request.body());
    } catch (RuntimeException e) {
      throw new ApiException(400, Statuses.badRequest("the request body is not a JSON object: " + e.getMessage()));
    }
  }

  /** 409 Conflict when the body names a resourceVersion other than the stored one. */
  static void checkResourceVersion(ResourceType type, StoredObject current, JsonNode body) {
    String expected = Json.text(body, "metadata", "resourceVersion");
    if (expected != null && !expected.isEmpty() && !expected.equals(Long.toString(current.resourceVersion()))) {
      throw new ApiException(409, Statuses.staleResourceVersion(type, current.key().name()));
    }
  }

  /** The request as fabric8's handlers expect it: no query string, the (admitted) body, a patch type they know. */
  static RecordedRequest rebuilt(ApiRequest request, ObjectNode body, PatchBody patch) {
    Headers.Builder headers = Headers.builder();
    String text;
    if (patch != null) {
      headers.add("Content-Type", patch.contentType());
      text = patch.body();
    } else {
      headers.add("Content-Type", "application/json");
      text = Json.write(body);
    }
    return new RecordedRequest("HTTP/1.1", request.recorded().method(), request.path(), headers.build(),
        new Buffer(text.getBytes(StandardCharsets.UTF_8)));
  }
}
