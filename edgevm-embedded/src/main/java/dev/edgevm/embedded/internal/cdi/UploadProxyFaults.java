package dev.edgevm.embedded.internal.cdi;

import dev.edgevm.embedded.ClusterRequest;
import dev.edgevm.embedded.FaultKind;
import dev.edgevm.embedded.internal.cdi.upload.ProxyFault;
import dev.edgevm.embedded.internal.cdi.upload.ProxyFaults;
import dev.edgevm.embedded.internal.faults.FaultInjector;
import java.util.Optional;

/**
 * The cluster's fault injector applied to the upload proxy: requests are described by method and
 * path (e.g. {@code POST /v1beta1/upload-async}, no group or resource), and a dropped connection
 * on an upload cuts it at a seeded point of its body; a dropped response serves the upload and
 * then closes the connection instead of answering. Faults are counted when they happen.
 */
final class UploadProxyFaults implements ProxyFaults {

  private final FaultInjector injector;

  UploadProxyFaults(FaultInjector injector) {
    this.injector = injector;
  }

  static ClusterRequest describe(String method, String path) {
    return new ClusterRequest(method, path, null, null, null, null, null, null, false);
  }

  @Override
  public Optional<ProxyFault> next(String method, String path) {
    ClusterRequest request = describe(method, path);
    return injector.decide(request)
        .flatMap(kind -> fault(kind, request).map(fault -> fault.whenApplied(() -> injector.applied(kind))));
  }

  private Optional<ProxyFault> fault(FaultKind kind, ClusterRequest request) {
    String method = request.method();
    switch (kind) {
      case INTERNAL_ERROR:
        return Optional.of(ProxyFault.respond(500, 0));
      case SERVICE_UNAVAILABLE:
        return Optional.of(ProxyFault.respond(503, injector.retryAfter()));
      case TOO_MANY_REQUESTS:
        return Optional.of(ProxyFault.respond(429, injector.retryAfter()));
      case DROPPED_CONNECTION:
        return Optional.of("POST".equals(method) ? ProxyFault.dropMidBody(injector.dropPosition(request))
            : ProxyFault.drop());
      case DROPPED_RESPONSE:
        return Optional.of(ProxyFault.dropResponse());
      default:
        return Optional.empty();
    }
  }
}
