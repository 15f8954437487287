package dev.edgevm.storage.upload;

import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.storage.upload.internal.TlsContexts;
import java.util.Optional;

/**
 * How an upload verifies the server: against a given CA (CDI's upload proxy CA, which the SDK
 * reads from the cluster), against the JVM's default trust store, or not at all (only when the
 * caller asks for it explicitly; a warning is logged for every such upload).
 */
public final class UploadTls {

    private final String caPem;
    private final boolean insecure;

    private UploadTls(String caPem, boolean insecure) {
        this.caPem = caPem;
        this.insecure = insecure;
    }

    /**
     * Trusts the certificates of {@code caPem} (one or more PEM blocks) and verifies the host name.
     *
     * @throws InvalidSpecException if the text holds no certificate
     */
    public static UploadTls trusting(String caPem) {
        String problem = TlsContexts.problemWithPem(caPem);
        if (problem != null) {
            throw InvalidSpecException.of("upload TLS settings", "caPem", problem);
        }
        return new UploadTls(caPem, false);
    }

    /** Trusts the JVM's default CAs and verifies the host name. */
    public static UploadTls systemTrust() {
        return new UploadTls(null, false);
    }

    /** Trusts any certificate and skips host name checks: {@code virtctl --insecure}. Logs a warning on use. */
    public static UploadTls insecure() {
        return new UploadTls(null, true);
    }

    public Optional<String> caPem() {
        return Optional.ofNullable(caPem);
    }

    public boolean isInsecure() {
        return insecure;
    }

    @Override
    public String toString() {
        return insecure ? "UploadTls{insecure}" : caPem != null ? "UploadTls{trusting given CA}" : "UploadTls{system trust}";
    }
}
