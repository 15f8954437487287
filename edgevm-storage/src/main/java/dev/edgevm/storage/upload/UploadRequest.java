package dev.edgevm.storage.upload;

import dev.edgevm.core.EdgeVmStyle;
import dev.edgevm.core.SpecBuilder;
import dev.edgevm.core.Violations;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.immutables.value.Value;

/**
 * One upload: a file streamed by {@code POST} to a URL (CDI's {@code /v1beta1/upload-async} on the
 * upload proxy) with {@code Authorization: Bearer <token>}, over TLS verified as {@link #tls()} says.
 */
@Value.Immutable
@EdgeVmStyle
public abstract class UploadRequest {

    /** The full upload URL, e.g. {@code https://cdi-uploadproxy.cdi:443/v1beta1/upload-async}. */
    public abstract URI uri();

    /** The upload token (from an UploadTokenRequest); never logged or shown. */
    @Value.Redacted
    public abstract String token();

    /** The file to send, byte for byte. */
    public abstract Path file();

    @Value.Default
    public UploadTls tls() {
        return UploadTls.systemTrust();
    }

    @Value.Default
    public String contentType() {
        return "application/octet-stream";
    }

    /** How long connecting and the TLS handshake may take. */
    @Value.Default
    public Duration connectTimeout() {
        return Duration.ofSeconds(30);
    }

    /** How long the server may take no bytes at all, or keep its answer, before the upload fails. */
    @Value.Default
    public Duration stallTimeout() {
        return Duration.ofMinutes(5);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Value.Check
    final void check() {
        Violations v = Violations.collect();
        if (uri() == null) {
            v.add("uri", Violations.MISSING);
        } else if (!"https".equalsIgnoreCase(uri().getScheme()) || uri().getHost() == null) {
            v.add("uri", "'" + uri() + "' is not an https URL with a host: uploads always go over TLS");
        }
        if (token() == null) {
            v.add("token", Violations.MISSING);
        } else if (token().isBlank() || token().chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            v.add("token", "must be a non-empty token of printable characters without spaces");
        }
        if (file() == null) {
            v.add("file", Violations.MISSING);
        } else if (!Files.isRegularFile(file())) {
            v.add("file", "'" + file() + "' is not a regular file");
        } else if (!Files.isReadable(file())) {
            v.add("file", "'" + file() + "' is not readable");
        }
        if (connectTimeout() == null || connectTimeout().isNegative() || connectTimeout().isZero()) {
            v.add("connectTimeout", "must be positive");
        }
        if (stallTimeout() == null || stallTimeout().isNegative() || stallTimeout().isZero()) {
            v.add("stallTimeout", "must be positive");
        }
        v.throwIfAny("UploadRequest");
    }

    public static final class Builder extends ImmutableUploadRequest.Builder implements SpecBuilder<UploadRequest> {}
}
