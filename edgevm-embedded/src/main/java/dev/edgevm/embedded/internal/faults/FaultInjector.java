package dev.edgevm.embedded.internal.faults;

import dev.edgevm.embedded.ClusterRequest;
import dev.edgevm.embedded.FaultKind;
import dev.edgevm.embedded.Faults;
import dev.edgevm.embedded.internal.api.watch.WatchFaults;
import dev.edgevm.embedded.internal.api.watch.WatchHub;
import dev.edgevm.embedded.internal.runtime.SeededRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Decides, per client request, whether and how it fails, and for watches whether they fail once
 * established; counts the faults that were applied.
 */
public final class FaultInjector implements Faults {

  private static final class Scheduled {
    private final FaultKind kind;
    private final Predicate<ClusterRequest> matching;
    private int remaining;

    Scheduled(int count, FaultKind kind, Predicate<ClusterRequest> matching) {
      this.kind = kind;
      this.matching = matching;
      this.remaining = count;
    }
  }

  private static final Set<FaultKind> ESTABLISHED_WATCH_KINDS =
      EnumSet.of(FaultKind.WATCH_GONE, FaultKind.DROPPED_CONNECTION, FaultKind.DROPPED_RESPONSE);

  private final SeededRandom random;
  private final WatchHub watches;
  private final Deque<Scheduled> schedule = new ArrayDeque<>();
  private final Map<FaultKind, AtomicLong> counters = new EnumMap<>(FaultKind.class);
  private volatile double rate;
  private volatile List<FaultKind> kinds = List.of(FaultKind.values());
  private volatile Predicate<ClusterRequest> scope = request -> true;
  private volatile int retryAfterSeconds = 1;

  public FaultInjector(SeededRandom random, WatchHub watches) {
    this.random = random;
    this.watches = watches;
    for (FaultKind kind : FaultKind.values()) {
      counters.put(kind, new AtomicLong());
    }
  }

  /**
   * The fault for this request, if any. It is not counted here: whoever injects it calls
   * {@link #applied} once the client is affected.
   */
  public Optional<FaultKind> decide(ClusterRequest request) {
    // The test's predicates run outside the lock: one that takes its time (or makes requests of
    // its own) holds up only its own request. The count is taken under the lock, so a schedule
    // still fails exactly as many requests as it says.
    List<Scheduled> pending;
    synchronized (schedule) {
      pending = List.copyOf(schedule);
    }
    for (Scheduled scheduled : pending) {
      if (scheduled.kind.appliesTo(request) && scheduled.matching.test(request)) {
        synchronized (schedule) {
          if (scheduled.remaining > 0 && schedule.contains(scheduled)) {
            if (--scheduled.remaining <= 0) {
              schedule.remove(scheduled);
            }
            return Optional.of(scheduled.kind);
          }
        }
      }
    }
    String key = request.method() + " " + request.path();
    return drawn(request, "fault:" + key, "fault-kind:" + key, kinds);
  }

  /**
   * Faults of a watch that opened without one, once established: at the same rate, per run of
   * ten events, one of them is replaced by the end of the watch with 410 Expired (WATCH_GONE) or
   * by a dropped connection (DROPPED_CONNECTION, DROPPED_RESPONSE), among the configured kinds.
   */
  public WatchFaults forEstablishedWatch(ClusterRequest request) {
    String key = request.method() + " " + request.path();
    return new EstablishedWatchFaults(
        () -> drawn(request, "watch-fault:" + key, "watch-fault-kind:" + key,
            kinds.stream().filter(ESTABLISHED_WATCH_KINDS::contains).toList()),
        () -> random.nextInt("watch-fault-event:" + key, EstablishedWatchFaults.RUN),
        kind -> () -> applied(kind));
  }

  private Optional<FaultKind> drawn(ClusterRequest request, String decisionKey, String kindKey,
      List<FaultKind> candidates) {
    double currentRate = rate;
    if (currentRate <= 0 || !scope.test(request)) {
      return Optional.empty();
    }
    if (random.nextDouble(decisionKey) >= currentRate) {
      return Optional.empty();
    }
    List<FaultKind> applicable = new ArrayList<>();
    for (FaultKind kind : candidates) {
      if (kind.appliesTo(request)) {
        applicable.add(kind);
      }
    }
    if (applicable.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(applicable.get(random.nextInt(kindKey, applicable.size())));
  }

  /** Where in its body (0 to 1) an upload dropped by a fault is cut, drawn for the request. */
  public double dropPosition(ClusterRequest request) {
    return random.nextDouble("drop-position:" + request.method() + " " + request.path());
  }

  /** Counts a fault the client was affected by. */
  public void applied(FaultKind kind) {
    counters.get(kind).incrementAndGet();
  }

  public int retryAfter() {
    return retryAfterSeconds;
  }

  @Override
  public Faults rate(double rate) {
    if (!(rate >= 0.0 && rate <= 1.0)) {
      throw new IllegalArgumentException("rate must be between 0.0 and 1.0, was " + rate);
    }
    this.rate = rate;
    return this;
  }

  @Override
  public Faults kinds(FaultKind... kinds) {
    Objects.requireNonNull(kinds, "kinds");
    this.kinds = List.of(kinds);
    return this;
  }

  @Override
  public Faults scope(Predicate<ClusterRequest> scope) {
    this.scope = Objects.requireNonNull(scope, "scope");
    return this;
  }

  @Override
  public Faults retryAfterSeconds(int seconds) {
    if (seconds < 0) {
      throw new IllegalArgumentException("retryAfterSeconds must be >= 0, was " + seconds);
    }
    this.retryAfterSeconds = seconds;
    return this;
  }

  @Override
  public Faults failNext(int count, FaultKind kind, Predicate<ClusterRequest> matching) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, was " + count);
    }
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(matching, "matching");
    synchronized (schedule) {
      schedule.addLast(new Scheduled(count, kind, matching));
    }
    return this;
  }

  @Override
  public int expireWatches() {
    return watches.expireAll();
  }

  @Override
  public Faults clear() {
    synchronized (schedule) {
      schedule.clear();
    }
    rate = 0;
    kinds = List.of(FaultKind.values());
    scope = request -> true;
    return this;
  }

  @Override
  public long injected() {
    return counters.values().stream().mapToLong(AtomicLong::get).sum();
  }

  @Override
  public long injected(FaultKind kind) {
    return counters.get(kind).get();
  }

  @Override
  public void resetCounters() {
    counters.values().forEach(counter -> counter.set(0));
  }
}
