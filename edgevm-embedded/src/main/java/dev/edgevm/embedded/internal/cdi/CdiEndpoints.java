package dev.edgevm.embedded.internal.cdi;

/**
 * Where clients reach CDI's upload proxy, and the PEM of the CA its certificate chains to (as
 * CDIConfig's {@code status.uploadProxyURL} and {@code status.uploadProxyCA} publish them).
 */
public record CdiEndpoints(String uploadProxyUrl, String certificateAuthorityPem) {
}
