package dev.edgevm.embedded.internal.api;

import dev.edgevm.embedded.ClusterRequest;
import dev.edgevm.embedded.FaultKind;
import dev.edgevm.embedded.internal.api.watch.WatchHub;
import dev.edgevm.embedded.internal.faults.FaultInjector;
import dev.edgevm.embedded.internal.faults.FaultResponses;
import dev.edgevm.embedded.internal.faults.RequestLog;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher behind the mock web server: counts each client request, injects the faults the
 * injector decides, then serves it by a registered route or by the object store.
 */
public final class ApiServer extends Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  private final ObjectStore store;
  private final Routes routes;
  private final RequestLog requests;
  private final FaultInjector faults;
  private final WatchHub watches;

  public ApiServer(ObjectStore store, Routes routes, RequestLog requests, FaultInjector faults, WatchHub watches) {
    this.store = store;
    this.routes = routes;
    this.requests = requests;
    this.faults = faults;
    this.watches = watches;
  }

  @Override
  public MockResponse dispatch(RecordedRequest recorded) {
    ApiRequest request = ApiRequest.of(recorded);
    ClusterRequest described = request.describe();
    requests.record(described);
    Optional<FaultKind> fault = faults.decide(described);
    // a watch changes nothing: its dropped response is a dropped connection (and opens no watch)
    fault.ifPresent(faults::applied);
    if (fault.isPresent() && (fault.get() != FaultKind.DROPPED_RESPONSE || request.watch())) {
      return FaultResponses.response(fault.get(), request, faults.retryAfter(), watches);
    }
    if (fault.isEmpty() && request.watch()) {
      request.planWatchFaults(faults.forEstablishedWatch(described));
    }
    try {
      Route route = routes.find(request);
      MockResponse response = route != null ? route.handle(request) : store.handle(request);
      return fault.isPresent() ? new ApiWebServer.Dropped() : response;
    } catch (RuntimeException e) {
      LOG.warn("request {} failed", request, e);
      return Statuses.response(Statuses.internalError(String.valueOf(e.getMessage())));
    }
  }
}
