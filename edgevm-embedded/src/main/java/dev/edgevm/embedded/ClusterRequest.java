package dev.edgevm.embedded;

import java.util.Locale;
import java.util.Set;

/**
 * One request as the embedded cluster's API server saw it. Resource fields are empty strings
 * (group of the core API) or null (namespace, name, subresource) when the path has none.
 *
 * @param method      HTTP method: GET, POST, PUT, PATCH, DELETE
 * @param path        the path without the query string
 * @param group       API group, "" for the core group ("/api/v1")
 * @param version     API version, e.g. "v1"; null for discovery of "/apis"
 * @param resource    the plural, e.g. "virtualmachines"; null for discovery requests
 * @param namespace   the namespace in the path, or null
 * @param name        the object name in the path, or null for collections
 * @param subresource e.g. "status", "start", "console"; null for the object itself
 * @param watch       whether this was a watch (an open stream of changes)
 */
public record ClusterRequest(String method, String path, String group, String version, String resource,
    String namespace, String name, String subresource, boolean watch) {

  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  /** Whether the request changes state: POST, PUT, PATCH or DELETE. */
  public boolean isWrite() {
    return WRITES.contains(method.toUpperCase(Locale.ROOT));
  }

  /** Whether the request names {@code resource} (a plural such as "pods"). */
  public boolean isFor(String resource) {
    return resource.equals(this.resource);
  }

  @Override
  public String toString() {
    return method + " " + path + (watch ? " (watch)" : "");
  }
}
