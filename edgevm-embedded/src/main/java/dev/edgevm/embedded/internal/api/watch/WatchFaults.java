package dev.edgevm.embedded.internal.api.watch;

import java.util.Optional;

/** Which events of an established watch faults replace; asked in event order, once per event. */
@FunctionalInterface
public interface WatchFaults {

  WatchFaults NONE = event -> Optional.empty();

  /** The fault replacing the watch's {@code event}-th event (counting from 1), if any. */
  Optional<WatchFault> at(int event);
}
