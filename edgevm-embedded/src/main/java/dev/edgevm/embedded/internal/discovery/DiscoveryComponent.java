package dev.edgevm.embedded.internal.discovery;

import dev.edgevm.embedded.internal.api.ApiException;
import dev.edgevm.embedded.internal.api.ApiRequest;
import dev.edgevm.embedded.internal.api.ResourceType;
import dev.edgevm.embedded.internal.api.Statuses;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.runtime.ClusterComponent;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * API discovery as kubectl and client libraries use it ({@code /api}, {@code /apis},
 * {@code /apis/<group>/<version>}, with or without query strings), {@code /version}, the health
 * endpoints, and a CustomResourceDefinition object for every extension resource type.
 */
public final class DiscoveryComponent implements ClusterComponent {

  static final String KUBERNETES_VERSION = "v1.30.4";
  /** Groups that are built into the API server or aggregated: they have no CRDs. */
  private static final Set<String> BUILT_IN_GROUPS = Set.of("", "storage.k8s.io", "apps", "batch",
      "networking.k8s.io", "apiextensions.k8s.io", "upload.cdi.kubevirt.io");

  @Override
  public void start(ClusterContext context) {
    DiscoveryDocuments documents = new DiscoveryDocuments(context.catalog());
    context.provide(Discovery.class, new Discovery(documents));
    // asked when first served: the server may still be starting to listen now
    Supplier<String> address = () -> context.masterUrl().replaceFirst("^https?://", "").replaceFirst("/$", "");
    context.routes().matching(request -> isDiscovery(request, documents),
        request -> serve(request, documents, address.get()));
    context.routes().matching(request -> Set.of("/healthz", "/readyz", "/livez").contains(request.path()),
        request -> new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody("ok"));
    for (ResourceType type : context.catalog().all()) {
      if (!BUILT_IN_GROUPS.contains(type.group())) {
        try {
          context.api().createWithStatus(CoreTypes.CUSTOM_RESOURCE_DEFINITIONS, DiscoveryDocuments.crd(type));
        } catch (ApiException alreadyThere) {
          // registered twice under the same name: the first declaration stands
        }
      }
    }
  }

  private static boolean isDiscovery(ApiRequest request, DiscoveryDocuments documents) {
    if (!request.method().equals("GET")) {
      return false;
    }
    String path = request.path().endsWith("/") && request.path().length() > 1
        ? request.path().substring(0, request.path().length() - 1) : request.path();
    if (path.isEmpty() || path.equals("/") || path.equals("/version") || path.equals("/api") || path.equals("/apis")) {
      return true;
    }
    return request.resource() == null && request.group() != null && !documents.isAggregated(request.group())
        && (path.equals("/api/" + request.version()) || path.startsWith("/apis/"));
  }

  private static MockResponse serve(ApiRequest request, DiscoveryDocuments documents, String address) {
    String path = request.path().length() > 1 && request.path().endsWith("/")
        ? request.path().substring(0, request.path().length() - 1) : request.path();
    Map<String, List<String>> groups = documents.groups();
    switch (path) {
      case "":
      case "/":
        return Statuses.json(200, rootPaths(groups));
      case "/version":
        return Statuses.json(200, version());
      case "/api":
        return Statuses.json(200, documents.apiVersions(address));
      case "/apis":
        return Statuses.json(200, documents.groupList());
      default:
        break;
    }
    List<String> versions = groups.get(request.group());
    if (versions == null) {
      return Statuses.response(Statuses.unknownPath());
    }
    if (request.version() == null) {
      return Statuses.json(200, documents.group(request.group(), versions));
    }
    if (!versions.contains(request.version())) {
      return Statuses.response(Statuses.unknownPath());
    }
    return Statuses.json(200, documents.resourceList(request.group(), request.version()));
  }

  private static ObjectNode rootPaths(Map<String, List<String>> groups) {
    ObjectNode root = Json.object();
    ArrayNode paths = root.putArray("paths");
    paths.add("/api");
    paths.add("/api/v1");
    paths.add("/apis");
    groups.forEach((group, versions) -> {
      if (!group.isEmpty()) {
        paths.add("/apis/" + group);
        versions.forEach(version -> paths.add("/apis/" + group + "/" + version));
      }
    });
    paths.add("/healthz");
    paths.add("/livez");
    paths.add("/readyz");
    paths.add("/version");
    return root;
  }

  private static ObjectNode version() {
    ObjectNode version = Json.object();
    version.put("major", "1");
    version.put("minor", "30");
    version.put("gitVersion", KUBERNETES_VERSION);
    version.put("gitCommit", "");
    version.put("gitTreeState", "clean");
    version.put("buildDate", "");
    version.put("goVersion", "go1.22.5");
    version.put("compiler", "gc");
    version.put("platform", "linux/amd64");
    return version;
  }
}
