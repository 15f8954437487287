package dev.edgevm.storage.upload.internal;

import dev.edgevm.storage.upload.UploadTls;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Asks CDI's upload proxy for {@code /healthz} over TLS verified as uploads verify it: whether it
 * can be reached from here, and whether it can be trusted. What the runbook's first troubleshooting
 * step checks by looking at Services and NetworkPolicies.
 */
public final class UploadProxyProbe {

    /** What the probe found. */
    public record Result(boolean reachable, boolean trusted, int status, String problem) {}

    private UploadProxyProbe() {}

    public static Result probe(URI uploadUri, UploadTls tls, Duration timeout) {
        URI health = uploadUri.resolve("/healthz");
        HttpsURLConnection connection = null;
        try {
            connection = (HttpsURLConnection) health.toURL().openConnection();
            connection.setSSLSocketFactory(context(tls).getSocketFactory());
            if (tls.isInsecure()) {
                connection.setHostnameVerifier((host, session) -> true);
            }
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setRequestMethod("GET");
            int status = connection.getResponseCode();
            try (InputStream body = status < HttpURLConnection.HTTP_BAD_REQUEST ? connection.getInputStream() : connection.getErrorStream()) {
                if (body != null) {
                    body.readNBytes(4096);
                }
            }
            return new Result(true, true, status, status == 200 ? null : "GET " + health + " answered HTTP " + status);
        } catch (SSLException e) {
            return new Result(true, false, 0, "TLS with " + health.getAuthority() + " failed: " + e.getMessage());
        } catch (IOException e) {
            return new Result(false, false, 0, "cannot reach " + health + ": " + e);
        } catch (GeneralSecurityException e) {
            return new Result(false, false, 0, "cannot set up TLS: " + e.getMessage());
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private static SSLContext context(UploadTls tls) throws GeneralSecurityException {
        if (tls.isInsecure()) {
            return TlsContexts.trustingAnything();
        }
        return tls.caPem().isPresent() ? TlsContexts.trusting(tls.caPem().get()) : TlsContexts.systemTrust();
    }
}
