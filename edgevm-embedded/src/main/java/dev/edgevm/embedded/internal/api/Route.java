package dev.edgevm.embedded.internal.api;

import io.fabric8.mockwebserver.http.MockResponse;

/**
 * Serves requests the object store does not: aggregated APIs ({@code subresources.kubevirt.io},
 * {@code upload.cdi.kubevirt.io}), discovery, health. Runs on the HTTP server's event loop: answer
 * quickly, never block on other requests.
 */
@FunctionalInterface
public interface Route {
  MockResponse handle(ApiRequest request);
}
