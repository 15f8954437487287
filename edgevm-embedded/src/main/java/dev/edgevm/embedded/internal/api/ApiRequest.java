package dev.edgevm.embedded.internal.api;

import dev.edgevm.embedded.ClusterRequest;
import dev.edgevm.embedded.internal.api.watch.WatchFaults;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A request parsed the way the API server's request-info resolver parses it: group, version,
 * namespace, resource, name, subresource and whether it is a watch.
 */
public final class ApiRequest {

  private final RecordedRequest recorded;
  private final String method;
  private final String path;
  private final Map<String, String> query;
  private final String group;
  private final String version;
  private final String namespace;
  private final String resource;
  private final String name;
  private final String subresource;
  private final boolean watch;
  private final boolean resourceRequest;
  private String body;
  private volatile WatchFaults watchFaults = WatchFaults.NONE;

  private ApiRequest(RecordedRequest recorded) {
    this.recorded = recorded;
    this.method = recorded.getMethod().toUpperCase(Locale.ROOT);
    String uri = recorded.getPath();
    int question = uri.indexOf('?');
    this.path = question < 0 ? uri : uri.substring(0, question);
    this.query = parseQuery(question < 0 ? "" : uri.substring(question + 1));
    String[] segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    String g = null;
    String v = null;
    int rest = segments.length;
    if (segments.length >= 2 && segments[0].equals("api")) {
      g = "";
      v = segments[1];
      rest = 2;
    } else if (segments.length >= 3 && segments[0].equals("apis")) {
      g = segments[1];
      v = segments[2];
      rest = 3;
    } else if (segments.length == 2 && segments[0].equals("apis")) {
      g = segments[1];
    }
    boolean legacyWatch = rest < segments.length && segments[rest].equals("watch");
    if (legacyWatch) {
      rest++;
    }
    String ns = null;
    String res = null;
    String n = null;
    String sub = null;
    int remaining = segments.length - rest;
    if (v != null && remaining > 0) {
      boolean namespacesItself = segments[rest].equals("namespaces")
          && (remaining <= 2 || (g.isEmpty() && remaining == 3
              && (segments[rest + 2].equals("finalize") || segments[rest + 2].equals("status"))));
      if (segments[rest].equals("namespaces") && !namespacesItself) {
        ns = segments[rest + 1];
        rest += 2;
      }
      res = segments[rest];
      n = rest + 1 < segments.length ? segments[rest + 1] : null;
      sub = rest + 2 < segments.length ? String.join("/", Arrays.copyOfRange(segments, rest + 2, segments.length)) : null;
    }
    this.group = g;
    this.version = v;
    this.namespace = ns;
    this.resource = res;
    this.name = n;
    this.subresource = sub;
    this.resourceRequest = res != null;
    this.watch = legacyWatch || "true".equals(query.get("watch")) || "1".equals(query.get("watch"));
  }

  public static ApiRequest of(RecordedRequest recorded) {
    return new ApiRequest(recorded);
  }

  private static Map<String, String> parseQuery(String raw) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      result.put(key, value);
    }
    return result;
  }

  public RecordedRequest recorded() {
    return recorded;
  }

  public String method() {
    return method;
  }

  /** The path without its query string. */
  public String path() {
    return path;
  }

  public String query(String key) {
    return query.get(key);
  }

  public Map<String, String> query() {
    return query;
  }

  public String header(String name) {
    return recorded.getHeader(name);
  }

  /** The request body as text ("" when absent); read once and kept. */
  public synchronized String body() {
    if (body == null) {
      body = recorded.getBody() == null ? "" : new String(recorded.getBody().getBytes(), StandardCharsets.UTF_8);
    }
    return body;
  }

  /** "" for the core group; null when the path is not under /api or /apis. */
  public String group() {
    return group;
  }

  public String version() {
    return version;
  }

  public String namespace() {
    return namespace;
  }

  /** The plural in the path, or null for discovery and non-resource paths. */
  public String resource() {
    return resource;
  }

  public String name() {
    return name;
  }

  public String subresource() {
    return subresource;
  }

  public boolean watch() {
    return watch;
  }

  public boolean isResourceRequest() {
    return resourceRequest;
  }

  public boolean dryRun() {
    return query.containsKey("dryRun");
  }

  /** The faults to inject into this watch once it is established. */
  public WatchFaults watchFaults() {
    return watchFaults;
  }

  /** Faults for this watch once established (fault injection plans them before serving). */
  public void planWatchFaults(WatchFaults faults) {
    this.watchFaults = faults;
  }

  /** The public description used by request accounting and fault matching. */
  public ClusterRequest describe() {
    return new ClusterRequest(method, path, group, version, resource, namespace, name, subresource, watch);
  }

  @Override
  public String toString() {
    return method + " " + recorded.getPath();
  }
}
