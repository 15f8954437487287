package dev.edgevm.embedded.internal.api;

import dev.edgevm.embedded.internal.json.Json;
import io.fabric8.mockwebserver.http.MockResponse;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes {@code Status} bodies with the reasons and messages the API server uses, so clients
 * see the same errors they would see from a real cluster.
 */
public final class Statuses {

  private Statuses() {
  }

  public static ObjectNode status(int code, String reason, String message) {
    ObjectNode status = Json.object();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", code < 400 ? "Success" : "Failure");
    if (message != null) {
      status.put("message", message);
    }
    if (reason != null) {
      status.put("reason", reason);
    }
    status.put("code", code);
    return status;
  }

  public static ObjectNode status(int code, String reason, String message, ResourceType type, String name) {
    ObjectNode status = status(code, reason, message);
    ObjectNode details = status.putObject("details");
    if (name != null) {
      details.put("name", name);
    }
    if (type != null) {
      if (!type.group().isEmpty()) {
        details.put("group", type.group());
      }
      details.put("kind", type.plural());
    }
    return status;
  }

  public static MockResponse response(ObjectNode status) {
    return json(status.path("code").asInt(500), status);
  }

  public static MockResponse json(int code, ObjectNode body) {
    return new MockResponse().setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(Json.write(body));
  }

  public static ObjectNode notFound(ResourceType type, String name) {
    return status(404, "NotFound", type.qualifiedName() + " \"" + name + "\" not found", type, name);
  }

  public static ObjectNode unknownPath() {
    ObjectNode status = status(404, "NotFound", "the server could not find the requested resource");
    ObjectNode cause = status.putObject("details").putArray("causes").addObject();
    cause.put("reason", "UnexpectedServerResponse");
    cause.put("message", "404 page not found");
    return status;
  }

  public static ObjectNode alreadyExists(ResourceType type, String name) {
    return status(409, "AlreadyExists", type.qualifiedName() + " \"" + name + "\" already exists", type, name);
  }

  public static ObjectNode conflict(ResourceType type, String name, String why) {
    return status(409, "Conflict", "Operation cannot be fulfilled on " + type.qualifiedName() + " \"" + name
        + "\": " + why, type, name);
  }

  public static ObjectNode staleResourceVersion(ResourceType type, String name) {
    return conflict(type, name,
        "the object has been modified; please apply your changes to the latest version and try again");
  }

  public static ObjectNode forbidden(ResourceType type, String name, String why) {
    return status(403, "Forbidden", type.qualifiedName() + " \"" + (name == null ? "" : name)
        + "\" is forbidden: " + why, type, name);
  }

  public static ObjectNode badRequest(String message) {
    return status(400, "BadRequest", message);
  }

  public static ObjectNode methodNotAllowed(String message) {
    return status(405, "MethodNotAllowed", message);
  }

  /** 422 with one cause per invalid field, like the API server's field validation. */
  public static ObjectNode invalid(ResourceType type, String name, String field, String value, String why) {
    String kindGroup = type.group().isEmpty() ? type.kind() : type.kind() + "." + type.group();
    String causeMessage = "Invalid value: \"" + value + "\": " + why;
    ObjectNode status = status(422, "Invalid", kindGroup + " \"" + name + "\" is invalid: " + field + ": "
        + causeMessage);
    ObjectNode details = status.putObject("details");
    details.put("name", name);
    if (!type.group().isEmpty()) {
      details.put("group", type.group());
    }
    details.put("kind", type.kind());
    ObjectNode cause = details.putArray("causes").addObject();
    cause.put("reason", "FieldValueInvalid");
    cause.put("message", causeMessage);
    cause.put("field", field);
    return status;
  }

  public static ObjectNode internalError(String message) {
    ObjectNode status = status(500, "InternalError", "Internal error occurred: " + message);
    status.putObject("details").putArray("causes").addObject().put("message", message);
    return status;
  }

  public static ObjectNode expired(String message) {
    return status(410, "Expired", message);
  }
}
