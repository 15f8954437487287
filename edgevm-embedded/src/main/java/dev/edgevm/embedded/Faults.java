package dev.edgevm.embedded;

import java.util.function.Predicate;

/**
 * Fault injection into client requests of an embedded cluster (never into its own controllers).
 * Decisions derive from the cluster's seed: the n-th request to the same method and path gets the
 * same decision in every run with the same seed. Settings take effect for the next request.
 *
 * <pre>{@code
 * cluster.faults().rate(0.1).kinds(FaultKind.SERVICE_UNAVAILABLE, FaultKind.DROPPED_CONNECTION);
 * cluster.faults().failNext(3, FaultKind.SERVICE_UNAVAILABLE, r -> r.isFor("datavolumes") && r.isWrite());
 * }</pre>
 */
public interface Faults {

  /**
   * Fails this fraction (0.0 to 1.0) of the requests in scope with one of the configured kinds.
   *
   * @throws IllegalArgumentException when the rate is outside 0.0..1.0
   */
  Faults rate(double rate);

  /** The kinds the rate draws from (default: all); a kind that does not apply to a request is skipped. */
  Faults kinds(FaultKind... kinds);

  /** Which requests the rate applies to (default: all). */
  Faults scope(Predicate<ClusterRequest> scope);

  /** The Retry-After seconds sent with 429 and 503 (default 1). */
  Faults retryAfterSeconds(int seconds);

  /**
   * Fails the next {@code count} requests matching the predicate with the kind, before any rate
   * applies. Schedules queue up in the order they were added. The predicate runs on the thread
   * serving the request, before the server acts on it and holding no lock of the cluster: it may
   * make requests of its own (through another client), which are served meanwhile.
   */
  Faults failNext(int count, FaultKind kind, Predicate<ClusterRequest> matching);

  /** Ends every open watch now with a 410 Gone ERROR event; returns how many were ended. */
  int expireWatches();

  /** Rate back to 0, schedules dropped, all kinds, all requests in scope. Counters are kept. */
  Faults clear();

  /** How many faults were injected since start (or the last {@link #resetCounters()}). */
  long injected();

  long injected(FaultKind kind);

  void resetCounters();
}
