package dev.edgevm.embedded.internal.runtime;

/**
 * A part of the simulated cluster (nodes, KubeVirt, the scheduler, CDI, ...). Started in order
 * when the cluster starts, after the API server listens and before the first client connects;
 * everything it starts (controllers, servers, threads) it hands to
 * {@link ClusterContext#onClose} or creates through {@link ClusterContext#controller}, and the
 * cluster stops those, in reverse order, when it closes.
 */
@FunctionalInterface
public interface ClusterComponent {
  void start(ClusterContext context) throws Exception;

  /**
   * Called once every component has started, in the same order: for what must find the whole
   * cluster installed (e.g. breaking it on purpose, as a test asked).
   */
  default void started(ClusterContext context) throws Exception {
  }
}
