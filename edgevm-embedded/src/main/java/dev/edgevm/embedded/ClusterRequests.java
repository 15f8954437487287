package dev.edgevm.embedded;

import java.util.List;
import java.util.function.Predicate;

/**
 * The requests an embedded cluster's API server received from clients, for asserting what a call
 * cost ("exactly 3 writes", "no request at all for invalid input"). The cluster's own controllers
 * are not counted. Thread-safe.
 */
public interface ClusterRequests {

  /** All requests since start or the last {@link #reset()}. */
  long count();

  long count(Predicate<ClusterRequest> matching);

  /** POST, PUT, PATCH and DELETE requests. */
  default long writes() {
    return count(ClusterRequest::isWrite);
  }

  /** Requests with that HTTP method ("GET", "POST", ...). */
  default long count(String method) {
    return count(request -> request.method().equalsIgnoreCase(method));
  }

  /** The requests, oldest first. */
  List<ClusterRequest> list();

  void reset();
}
