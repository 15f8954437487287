package dev.edgevm.embedded.internal.faults;

import dev.edgevm.embedded.FaultKind;
import dev.edgevm.embedded.internal.api.ApiRequest;
import dev.edgevm.embedded.internal.api.ApiWebServer;
import dev.edgevm.embedded.internal.api.Statuses;
import dev.edgevm.embedded.internal.api.watch.WatchHub;
import dev.edgevm.embedded.internal.api.watch.WatchRequest;
import io.fabric8.mockwebserver.http.MockResponse;
import tools.jackson.databind.node.ObjectNode;

/** What a client receives for an injected fault. */
public final class FaultResponses {

  private FaultResponses() {
  }

  public static MockResponse response(FaultKind kind, ApiRequest request, int retryAfter, WatchHub watches) {
    switch (kind) {
      case INTERNAL_ERROR:
        return Statuses.response(Statuses.internalError("injected fault"));
      case SERVICE_UNAVAILABLE:
        return withRetryAfter(Statuses.status(503, "ServiceUnavailable",
            "the server is currently unable to handle the request"), retryAfter);
      case TOO_MANY_REQUESTS:
        return withRetryAfter(Statuses.status(429, "TooManyRequests", "Too many requests, please try again later."),
            retryAfter);
      case WATCH_GONE:
        return watches.expired(String.valueOf(request.query("resourceVersion")), WatchRequest.isWebSocket(request));
      case DROPPED_CONNECTION:
      case DROPPED_RESPONSE:
      default:
        return new ApiWebServer.Dropped();
    }
  }

  private static MockResponse withRetryAfter(ObjectNode status, int retryAfter) {
    status.putObject("details").put("retryAfterSeconds", retryAfter);
    return Statuses.response(status).setHeader("Retry-After", retryAfter);
  }
}
