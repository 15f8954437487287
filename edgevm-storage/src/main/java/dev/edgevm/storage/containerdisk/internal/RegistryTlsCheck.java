package dev.edgevm.storage.containerdisk.internal;

import dev.edgevm.storage.containerdisk.ContainerDiskException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One TLS handshake with a registry before a push that requires verified TLS. Jib retries a
 * failed handshake with backoff for about a minute before it gives up; a registry that speaks
 * plain HTTP, or whose certificate the JVM does not trust, is a configuration problem that no
 * retry fixes, so it is reported at once.
 */
final class RegistryTlsCheck {

    private static final int TIMEOUT_MILLIS = 10_000;

    private RegistryTlsCheck() {}

    /** Checks {@code registry} ({@code host[:port]}); throws naming the problem if TLS cannot be verified. */
    static void verify(String registry) {
        int colon = registry.lastIndexOf(':');
        boolean hasPort = colon > 0 && registry.indexOf(']') < colon;
        String host = hasPort ? registry.substring(0, colon) : registry;
        int port = hasPort ? Integer.parseInt(registry.substring(colon + 1)) : 443;
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            raw.setSoTimeout(TIMEOUT_MILLIS);
            try (SSLSocket tls = (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket(raw, host, port, false)) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(parameters);
                tls.startHandshake();
            }
        } catch (SSLException e) {
            throw new ContainerDiskException("the registry " + registry + " does not offer TLS this JVM can verify ("
                    + e.getMessage() + "): give its CA (RegistryAccess.trusting(caPem)) or add it to the JVM's trust store, or mark it insecure"
                    + " (RegistryAccess.allowInsecure()) if plain HTTP or an unverified certificate is intended", false, e);
        } catch (IOException e) {
            throw new ContainerDiskException("cannot reach the registry " + registry + ": " + e.getMessage(), true, e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no default TLS context", e);
        }
    }
}
