package dev.edgevm.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What closed clusters could leave running or lying around: threads, processes, temporary files. */
public final class Leftovers {

  private Leftovers() {
  }

  /**
   * Whether a cluster starts threads like this one: its own, all named {@code edgevm-...}; those of
   * the Vert.x instances of its API server and of its client ({@code vert.x-...},
   * {@code vertx-...}); and its client's executor (fabric8 names it {@code -<hash>-pool-N-thread-N}).
   * Anything else is the JVM's or a library's, shared process-wide and started on first use by
   * whoever needs it (the JDK's cleaners, process reaper and HTTP client selectors, fabric8's
   * CachedSingleThreadScheduler, Netty's globalEventExecutor, JUnit's timeout watcher): those
   * outlive a cluster by design, and naming them one by one would fail on the next library update.
   */
  private static boolean startedByACluster(Thread thread) {
    String name = thread.getName();
    return name.startsWith("edgevm-") || name.startsWith("vert.x-") || name.startsWith("vertx-")
        || name.matches("-\\d+-pool-\\d+-thread-\\d+");
  }

  public static Set<Thread> threads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
        .filter(Leftovers::startedByACluster).collect(Collectors.toSet());
  }

  /** The cluster threads alive and not among {@code before}, once they end or the wait runs out. */
  public static Set<Thread> awaitThreadsGone(Set<Thread> before) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Waits.SECONDS);
    Set<Thread> extra;
    do {
      extra = threads();
      extra.removeAll(before);
      for (Thread thread : extra) {
        thread.join(100);
      }
    } while (!extra.isEmpty() && System.nanoTime() < deadline);
    return extra;
  }

  /** Cluster directories of this JVM and qemu-img output files in the temporary directory. */
  public static Set<Path> files() throws IOException {
    try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      String ours = "edgevm-cluster-" + ProcessHandle.current().pid() + "-";
      return entries.filter(p -> p.getFileName().toString().startsWith(ours)
          || p.getFileName().toString().startsWith("edgevm-qemu-img-")).collect(Collectors.toSet());
    }
  }

  /** A process of this JVM's tree that matches, once it runs (processes cannot be watched: polled). */
  public static ProcessHandle awaitProcess(Predicate<ProcessHandle> matches) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Waits.SECONDS);
    while (System.nanoTime() < deadline) {
      Optional<ProcessHandle> found = ProcessHandle.current().descendants().filter(matches).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no such process started within " + Waits.SECONDS + " s");
  }
}
