package dev.edgevm.embedded.internal.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.ClusterRequest;
import dev.edgevm.embedded.FaultKind;
import dev.edgevm.embedded.internal.api.watch.WatchFault;
import dev.edgevm.embedded.internal.api.watch.WatchFaults;
import dev.edgevm.embedded.internal.api.watch.WatchHub;
import dev.edgevm.embedded.internal.runtime.SeededRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {

  private static final ClusterRequest WATCH = new ClusterRequest("GET", "/api/v1/namespaces/default/configmaps", "",
      "v1", "configmaps", "default", null, null, true);
  private final WatchHub watches = new WatchHub();
  private final FaultInjector injector = new FaultInjector(new SeededRandom(3), watches);

  @AfterEach
  void close() {
    watches.close();
  }

  private static List<Integer> faultedEvents(WatchFaults faults, int events) {
    List<Integer> faulted = new ArrayList<>();
    for (int event = 1; event <= events; event++) {
      if (faults.at(event).isPresent()) {
        faulted.add(event);
      }
    }
    return faulted;
  }

  @Test
  void establishedWatch_atRateOne_losesOneEventInEveryRunOfTen() {
    injector.rate(1.0).kinds(FaultKind.WATCH_GONE);

    List<Integer> faulted = faultedEvents(injector.forEstablishedWatch(WATCH), 30);

    assertThat(faulted).hasSize(3);
    for (int run = 0; run < 3; run++) {
      assertThat(faulted.get(run)).isBetween(run * 10 + 1, run * 10 + 10);
    }
  }

  @Test
  void establishedWatch_getsOnlyWatchKinds_andNoneAtRateZeroOrOutOfScope() {
    injector.rate(1.0).kinds(FaultKind.SERVICE_UNAVAILABLE, FaultKind.INTERNAL_ERROR);
    assertThat(faultedEvents(injector.forEstablishedWatch(WATCH), 30)).isEmpty();

    injector.kinds(FaultKind.values()).scope(request -> !request.watch());
    assertThat(faultedEvents(injector.forEstablishedWatch(WATCH), 30)).isEmpty();

    injector.clear();
    assertThat(faultedEvents(injector.forEstablishedWatch(WATCH), 30)).isEmpty();
  }

  @Test
  void faults_areCountedWhenApplied_notWhenDecided() {
    injector.rate(1.0).kinds(FaultKind.DROPPED_CONNECTION);
    WatchFaults faults = injector.forEstablishedWatch(WATCH);
    Optional<WatchFault> fault = Optional.empty();
    for (int event = 1; fault.isEmpty(); event++) {
      fault = faults.at(event);
    }
    assertThat(injector.decide(WATCH)).contains(FaultKind.DROPPED_CONNECTION);
    assertThat(injector.injected()).isZero();

    assertThat(fault.get().gone()).isFalse();
    fault.get().applied().run();

    assertThat(injector.injected(FaultKind.DROPPED_CONNECTION)).isEqualTo(1);
  }
}
