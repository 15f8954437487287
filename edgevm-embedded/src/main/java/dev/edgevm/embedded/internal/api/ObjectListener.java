package dev.edgevm.embedded.internal.api;

/**
 * Receives every change of the types it subscribed to, synchronously, in store order, while the
 * store is locked: implementations only look at the event and enqueue work (see
 * {@link dev.edgevm.embedded.internal.runtime.ControllerLoop}); they never call the store.
 */
@FunctionalInterface
public interface ObjectListener {
  void onEvent(ObjectEvent event);
}
