package dev.edgevm.embedded.internal.runtime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of daemon threads named {@code <name>-N}, idle ones ending after a while, that closes
 * by interrupting its tasks and waiting for them to end. Tasks that run child processes kill them
 * when interrupted and return once they are gone, so after {@link #close()} nothing of theirs
 * writes into the cluster's files any more.
 */
public final class DaemonPool implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DaemonPool.class);
  /** Interrupted tasks end in moments; this bound only keeps a broken one from hanging close. */
  private static final long CLOSE_WAIT_SECONDS = 60;

  private final String name;
  private final ThreadPoolExecutor executor;

  private DaemonPool(String name, ThreadPoolExecutor executor) {
    this.name = name;
    this.executor = executor;
    AtomicInteger counter = new AtomicInteger();
    executor.setThreadFactory(runnable -> {
      Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** As many threads as tasks submitted at once. */
  public static DaemonPool unbounded(String name) {
    return new DaemonPool(name, new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>()));
  }

  /** At most {@code threads} tasks at once; others wait their turn. */
  public static DaemonPool bounded(String name, int threads) {
    ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>());
    executor.allowCoreThreadTimeOut(true);
    return new DaemonPool(name, executor);
  }

  public ExecutorService executor() {
    return executor;
  }

  @Override
  public void close() {
    stop(executor, name);
  }

  /**
   * Interrupts the executor's tasks and waits for them to end; an interrupt of the caller does
   * not cut the wait short (it is kept for the caller).
   */
  public static void stop(ExecutorService executor, String name) {
    executor.shutdownNow();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (!executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("{}: tasks still running {} s after the cluster closed", name, CLOSE_WAIT_SECONDS);
          }
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
