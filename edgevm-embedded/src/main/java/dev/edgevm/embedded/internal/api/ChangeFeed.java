package dev.edgevm.embedded.internal.api;

import dev.edgevm.embedded.internal.api.watch.WatchHub;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands every change, in store order, to the client watches and to the in-process subscribers. */
final class ChangeFeed {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);

  private final WatchHub watches;
  private final Map<ResourceType, List<ObjectListener>> listeners = new ConcurrentHashMap<>();
  private final List<ObjectListener> allListeners = new CopyOnWriteArrayList<>();

  ChangeFeed(WatchHub watches) {
    this.watches = watches;
  }

  void subscribe(ResourceType type, ObjectListener listener) {
    listeners.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add(listener);
  }

  void subscribeAll(ObjectListener listener) {
    allListeners.add(listener);
  }

  /** Called by the store under its write lock. */
  void publish(ObjectEvent event) {
    watches.publish(event);
    List<ObjectListener> forType = listeners.get(event.resource());
    if (forType != null) {
      forType.forEach(listener -> notify(listener, event));
    }
    allListeners.forEach(listener -> notify(listener, event));
  }

  private static void notify(ObjectListener listener, ObjectEvent event) {
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      LOG.warn("listener failed on {} {}", event.type(), event.key(), e);
    }
  }
}
