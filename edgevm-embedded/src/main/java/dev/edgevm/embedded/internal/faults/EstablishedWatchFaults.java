package dev.edgevm.embedded.internal.faults;

import dev.edgevm.embedded.FaultKind;
import dev.edgevm.embedded.internal.api.watch.WatchFault;
import dev.edgevm.embedded.internal.api.watch.WatchFaults;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Faults in one established watch: for every run of {@link #RUN} events a draw at the current
 * rate decides whether one of them (which one is drawn too) is replaced by a fault of an
 * applicable kind, so a long-lived watch keeps meeting faults as a short one does.
 */
final class EstablishedWatchFaults implements WatchFaults {

  static final int RUN = 10;

  /** Draws the fault kind for a run, or none, at the injector's current rate and kinds. */
  private final Supplier<Optional<FaultKind>> drawKind;
  /** Draws which event of a run (0 to RUN - 1) the fault replaces. */
  private final IntSupplier drawEvent;
  private final Function<FaultKind, Runnable> counting;
  private int run = -1;
  private int strikeAt;
  private FaultKind kind;

  EstablishedWatchFaults(Supplier<Optional<FaultKind>> drawKind,
      IntSupplier drawEvent, Function<FaultKind, Runnable> counting) {
    this.drawKind = drawKind;
    this.drawEvent = drawEvent;
    this.counting = counting;
  }

  @Override
  public synchronized Optional<WatchFault> at(int event) {
    int current = (event - 1) / RUN;
    if (current != run) {
      run = current;
      Optional<FaultKind> drawn = drawKind.get();
      kind = drawn.orElse(null);
      strikeAt = drawn.isPresent() ? current * RUN + 1 + drawEvent.getAsInt() : -1;
    }
    if (event != strikeAt) {
      return Optional.empty();
    }
    return Optional.of(new WatchFault(kind == FaultKind.WATCH_GONE, counting.apply(kind)));
  }
}
