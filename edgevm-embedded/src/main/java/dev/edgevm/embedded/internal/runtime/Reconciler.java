package dev.edgevm.embedded.internal.runtime;

/**
 * Brings one object's world to where its current state says it should be. Reads the current
 * state itself (the event that queued it may be stale), is idempotent, and may run again at any
 * time. Throwing queues it again with a backoff.
 */
@FunctionalInterface
public interface Reconciler<K> {
  void reconcile(K key) throws Exception;
}
