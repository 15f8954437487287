package dev.edgevm.embedded.internal.runtime;

import dev.edgevm.embedded.internal.api.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A work queue with its workers, like client-go's: keys are deduplicated while queued, one key is
 * never reconciled by two workers at once, and a key queued again while it runs is run once more
 * afterwards. Failures are retried with an exponential backoff per key.
 */
public final class ControllerLoop<K> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ControllerLoop.class);
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private final String name;
  private final Reconciler<K> reconciler;
  private final ScheduledExecutorService timers;
  private final LinkedHashSet<K> queued = new LinkedHashSet<>();
  private final Set<K> running = new HashSet<>();
  private final Set<K> queuedWhileRunning = new HashSet<>();
  private final Map<K, Integer> failures = new HashMap<>();
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean closed;

  ControllerLoop(String name, Reconciler<K> reconciler, ScheduledExecutorService timers, int workerCount) {
    this.name = name;
    this.reconciler = reconciler;
    this.timers = timers;
    for (int i = 0; i < workerCount; i++) {
      Thread worker = new Thread(this::work, "edgevm-" + name + (workerCount > 1 ? "-" + i : ""));
      worker.setDaemon(true);
      workers.add(worker);
    }
    workers.forEach(Thread::start);
  }

  public String name() {
    return name;
  }

  public void enqueue(K ref) {
    synchronized (queued) {
      if (closed) {
        return;
      }
      if (running.contains(ref)) {
        queuedWhileRunning.add(ref);
      } else if (queued.add(ref)) {
        queued.notify();
      }
    }
  }

  /** Queues the key after a delay (timers, backoffs); the delay is not a promise of exactness. */
  public void enqueueAfter(K ref, Duration delay) {
    if (closed) {
      return;
    }
    try {
      timers.schedule(() -> enqueue(ref), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shuttingDown) {
      // the cluster is closing
    }
  }

  private void work() {
    while (!closed) {
      K ref;
      synchronized (queued) {
        while (queued.isEmpty() && !closed) {
          try {
            queued.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        ref = queued.iterator().next();
        queued.remove(ref);
        running.add(ref);
      }
      boolean retry = run(ref);
      synchronized (queued) {
        running.remove(ref);
        if (queuedWhileRunning.remove(ref) && queued.add(ref)) {
          queued.notify();
        }
      }
      if (retry) {
        int attempts;
        synchronized (failures) {
          attempts = failures.merge(ref, 1, Integer::sum);
        }
        enqueueAfter(ref, Duration.ofMillis(Math.min(MAX_BACKOFF_MILLIS, 5L << Math.min(attempts, 20))));
      }
    }
  }

  /** Runs the reconciler; true when the key should be retried. */
  private boolean run(K ref) {
    try {
      reconciler.reconcile(ref);
      synchronized (failures) {
        failures.remove(ref);
      }
      return false;
    } catch (ApiException e) {
      if (!closed) {
        LOG.debug("{}: {} failed, retrying: {}", name, ref, e.getMessage());
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception | Error e) {
      if (!closed) {
        LOG.warn("{}: {} failed, retrying", name, ref, e);
      }
      return true;
    }
  }

  @Override
  public void close() {
    synchronized (queued) {
      closed = true;
      queued.clear();
      queued.notifyAll();
    }
    for (Thread worker : workers) {
      worker.interrupt();
    }
    for (Thread worker : workers) {
      try {
        worker.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
