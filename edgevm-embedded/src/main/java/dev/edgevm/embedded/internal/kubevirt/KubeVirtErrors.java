package dev.edgevm.embedded.internal.kubevirt;

import dev.edgevm.embedded.internal.api.ApiException;
import dev.edgevm.embedded.internal.api.Statuses;
import dev.edgevm.embedded.internal.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The errors virt-api writes, built as apimachinery's NewConflict / NewNotFound do with KubeVirt's
 * group resources ({@code virtualmachine.kubevirt.io}, singular, as {@code v1.Resource(...)} names them).
 */
final class KubeVirtErrors {

  private KubeVirtErrors() {
  }

  static ApiException conflict(String resource, String name, String message) {
    return new ApiException(409, withDetails(Statuses.status(409, "Conflict", "Operation cannot be fulfilled on "
        + resource + ".kubevirt.io \"" + name + "\": " + message), resource, name));
  }

  static ApiException notFound(String resource, String name) {
    return new ApiException(404, withDetails(Statuses.status(404, "NotFound",
        resource + ".kubevirt.io \"" + name + "\" not found"), resource, name));
  }

  static ApiException forbidden(String resource, String name, String message) {
    return new ApiException(403, withDetails(Statuses.status(403, "Forbidden",
        resource + ".kubevirt.io \"" + name + "\" is forbidden: " + message), resource, name));
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, Statuses.badRequest(message));
  }

  static ApiException internal(String message) {
    return new ApiException(500, Statuses.internalError(message));
  }

  /** Whether request options ({@code dryRun: ["All"]}) ask for a dry run. */
  static boolean isDryRun(JsonNode options) {
    for (JsonNode value : Json.items(options, "dryRun")) {
      if ("All".equals(value.asString())) {
        return true;
      }
    }
    return false;
  }

  private static ObjectNode withDetails(ObjectNode status, String resource, String name) {
    ObjectNode details = status.putObject("details");
    details.put("name", name);
    details.put("group", "kubevirt.io");
    details.put("kind", resource);
    return status;
  }
}
