package dev.edgevm.embedded.internal.api.watch;

import dev.edgevm.embedded.internal.api.ApiRequest;
import dev.edgevm.embedded.internal.api.ResourceType;
import dev.edgevm.embedded.internal.api.Selector;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a watch request asks for: the objects (type, namespace, a single name, selectors), where
 * to start ({@code resourceVersion}), how long to last ({@code timeoutSeconds}), whether to get
 * BOOKMARK events ({@code allowWatchBookmarks}), the transport (a WebSocket upgrade or a chunked
 * HTTP response), how to write its events, and the faults injected into it once established.
 */
public record WatchRequest(ResourceType type, String namespace, String pinnedName, Selector selector,
    String resourceVersion, boolean webSocket, long timeoutSeconds, boolean bookmarks, WatchEncoder encoder,
    WatchFaults faults) {

  /** The values Go's strconv.ParseBool reads as true, as the API server parses boolean parameters. */
  private static final Set<String> TRUE = Set.of("1", "t", "T", "true", "TRUE", "True");

  public WatchRequest {
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(faults, "faults");
  }

  /**
   * The watch a request asks for.
   *
   * @throws IllegalArgumentException when timeoutSeconds is not a number (the API server's 400)
   */
  public static WatchRequest of(ApiRequest request, ResourceType type, Selector selector, WatchEncoder encoder) {
    String pinned = request.name() != null ? request.name() : Selector.pinnedName(request.query("fieldSelector"));
    return new WatchRequest(type, request.namespace(), pinned, selector, request.query("resourceVersion"),
        isWebSocket(request), timeoutSeconds(request.query("timeoutSeconds")),
        TRUE.contains(String.valueOf(request.query("allowWatchBookmarks"))), encoder, request.watchFaults());
  }

  /** Whether the client asked to upgrade to a WebSocket (fabric8's default) rather than a chunked response. */
  public static boolean isWebSocket(ApiRequest request) {
    String upgrade = request.header("Upgrade");
    return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
  }

  /** Whether the watch starts from "now" with the current objects as ADDED events. */
  public boolean fromNow() {
    return resourceVersion == null || resourceVersion.isEmpty() || resourceVersion.equals("0");
  }

  private static long timeoutSeconds(String value) {
    if (value == null || value.isEmpty()) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(value));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid timeoutSeconds: " + value + " (must be a whole number of seconds)");
    }
  }
}
