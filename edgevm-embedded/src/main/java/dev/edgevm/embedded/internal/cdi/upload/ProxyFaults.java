package dev.edgevm.embedded.internal.cdi.upload;

import java.util.Optional;

/** Decides, per request, whether the proxy injects a failure; the cluster's fault injector answers. */
@FunctionalInterface
public interface ProxyFaults {

  ProxyFaults NONE = (method, path) -> Optional.empty();

  Optional<ProxyFault> next(String method, String path);
}
