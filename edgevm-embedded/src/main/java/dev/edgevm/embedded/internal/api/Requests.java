package dev.edgevm.embedded.internal.api;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;

/** Requests the cluster makes to itself, without HTTP: same handlers, no faults, no accounting. */
public final class Requests {

  private Requests() {
  }

  public static RecordedRequest request(String method, String path, String body) {
    return request(method, path, body, "application/json");
  }

  public static RecordedRequest request(String method, String path, String body, String contentType) {
    Headers.Builder headers = Headers.builder();
    if (body != null) {
      headers.add("Content-Type", contentType);
    }
    return new RecordedRequest("HTTP/1.1", HttpMethod.valueOf(method), path, headers.build(),
        new Buffer(body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)));
  }
}
