package dev.edgevm.embedded.internal.api;

import dev.edgevm.embedded.internal.json.Json;
import tools.jackson.databind.node.ObjectNode;

/** The store refused an internal request; carries the code and Status body a client would get. */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int code;
  private final transient ObjectNode status;

  public ApiException(int code, ObjectNode status) {
    super(code + " " + Json.textOr(status, "", "reason") + ": " + Json.textOr(status, "", "message"));
    this.code = code;
    this.status = status;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return Json.text(status, "reason");
  }

  /** The Status message, as a client's error reads it (e.g. {@code pods "x" is forbidden: ...}). */
  public String statusMessage() {
    return Json.textOr(status, getMessage(), "message");
  }

  public ObjectNode status() {
    return status.deepCopy();
  }

  public boolean isConflict() {
    return code == 409 && !"AlreadyExists".equals(reason());
  }

  public boolean isNotFound() {
    return code == 404;
  }
}
