package dev.edgevm.storage.upload;

import java.time.Duration;

/** A finished upload: what was sent, how fast, and what the server answered. */
public final class UploadResult {

    private final long bytesSent;
    private final Duration elapsed;
    private final int statusCode;
    private final String body;
    private final String protocol;
    private final String cipherSuite;

    public UploadResult(long bytesSent, Duration elapsed, int statusCode, String body, String protocol, String cipherSuite) {
        this.bytesSent = bytesSent;
        this.elapsed = elapsed;
        this.statusCode = statusCode;
        this.body = body;
        this.protocol = protocol;
        this.cipherSuite = cipherSuite;
    }

    public long bytesSent() {
        return bytesSent;
    }

    /** From the start of the body to the server's answer. */
    public Duration elapsed() {
        return elapsed;
    }

    public double bytesPerSecond() {
        long nanos = Math.max(1, elapsed.toNanos());
        return bytesSent * 1e9 / nanos;
    }

    /** The HTTP status of the answer (2xx). */
    public int statusCode() {
        return statusCode;
    }

    public String body() {
        return body;
    }

    /** The TLS protocol used, e.g. {@code TLSv1.3}. */
    public String protocol() {
        return protocol;
    }

    /** The TLS cipher suite used, e.g. {@code TLS_AES_128_GCM_SHA256}. */
    public String cipherSuite() {
        return cipherSuite;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "uploaded %d bytes in %.3f s (%.1f MB/s), HTTP %d, %s %s",
                bytesSent, elapsed.toNanos() / 1e9, bytesPerSecond() / 1e6, statusCode, protocol, cipherSuite);
    }
}
