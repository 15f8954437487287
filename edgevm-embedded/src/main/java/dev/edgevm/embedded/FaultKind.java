package dev.edgevm.embedded;

/** The failures the embedded cluster's API server can inject into client requests. */
public enum FaultKind {

  /** 500 Internal Server Error with a Status body (reason InternalError). */
  INTERNAL_ERROR(500),

  /** 503 Service Unavailable with {@code Retry-After} (reason ServiceUnavailable). */
  SERVICE_UNAVAILABLE(503),

  /** 429 Too Many Requests with {@code Retry-After} (reason TooManyRequests). */
  TOO_MANY_REQUESTS(429),

  /** The connection is closed before the request is served: the request has no effect. */
  DROPPED_CONNECTION(0),

  /**
   * The request is served, then the connection is closed before the response is sent: a write
   * took effect although the client saw an I/O error (what retries must cope with).
   */
  DROPPED_RESPONSE(0),

  /** A watch is answered with an ERROR event carrying 410 Gone (reason Expired) and closed. Watches only. */
  WATCH_GONE(410);

  private final int httpCode;

  FaultKind(int httpCode) {
    this.httpCode = httpCode;
  }

  /** The HTTP status code the client sees, or 0 when it sees none. */
  public int httpCode() {
    return httpCode;
  }

  /** Whether this kind can be injected into the request. */
  public boolean appliesTo(ClusterRequest request) {
    return this == WATCH_GONE ? request.watch() : true;
  }
}
