package dev.edgevm.storage.snapshot.internal;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.Progress;
import dev.edgevm.core.ProgressListener;
import dev.edgevm.kubevirt.model.export.VirtualMachineExport;
import dev.edgevm.storage.upload.internal.TlsContexts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CancellationException;
import javax.net.ssl.HttpsURLConnection;

/**
 * Downloads one exported volume over HTTPS, verified against the export's CA, with the export
 * token in its header; streams to a file while computing its SHA-256, reporting progress at most
 * every 100 ms. The body must be as long as the server announced.
 */
final class ExportDownload {

    private static final int BUFFER = 1024 * 1024;
    private static final long PROGRESS_NANOS = 100_000_000L;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    /** What arrived: the byte count and the SHA-256 of the file, hex. */
    record Result(long bytes, String sha256) {}

    private ExportDownload() {}

    static Result fetch(URI url, String caPem, String token, Path file, String operation, ProgressListener progress) {
        javax.net.ssl.SSLContext tls;
        try {
            tls = TlsContexts.trusting(caPem);
        } catch (GeneralSecurityException e) {
            throw new EdgeVmException("the export's CA certificate cannot be used: " + e.getMessage(), e);
        }
        progress.onProgress(Progress.step(operation, "connecting", url.getHost() + ":" + url.getPort()));
        HttpsURLConnection connection = null;
        try {
            // HttpsURLConnection starts no threads of its own, unlike java.net.http.HttpClient on Java 17.
            connection = (HttpsURLConnection) url.toURL().openConnection();
            connection.setSSLSocketFactory(tls.getSocketFactory());
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
            connection.setInstanceFollowRedirects(false);
            connection.setRequestProperty(VirtualMachineExport.TOKEN_HEADER, token);
            connection.setRequestProperty("Accept", "application/octet-stream");
            int status = connection.getResponseCode();
            if (status != 200) {
                InputStream error = connection.getErrorStream();
                String text = error == null ? "" : new String(error.readNBytes(4096), StandardCharsets.UTF_8).strip();
                throw new DownloadException("the export server answered " + status + " for " + url.getPath()
                        + (text.isEmpty() ? "" : ": " + text), status >= 500, null);
            }
            try (InputStream body = connection.getInputStream()) {
                return copy(body, file, connection.getContentLengthLong(), operation, progress);
            }
        } catch (javax.net.ssl.SSLException e) {
            throw new DownloadException("the export server at " + url.getHost() + ":" + url.getPort() + " is not trusted with the"
                    + " export's CA certificate: " + e.getMessage(), false, e);
        } catch (IOException e) {
            throw new DownloadException("downloading " + url.getPath() + " failed: " + e.getMessage(), true, e);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    /** A download that failed; retryable when the server or the network may do better next time. */
    static final class DownloadException extends EdgeVmException {
        private final boolean retryable;

        DownloadException(String message, boolean retryable, Throwable cause) {
            super(message, cause);
            this.retryable = retryable;
        }

        @Override
        public boolean retryable() {
            return retryable;
        }
    }

    private static Result copy(InputStream body, Path file, long total, String operation, ProgressListener progress) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
        long start = System.nanoTime();
        long lastReport = 0;
        long done = 0;
        byte[] buffer = new byte[BUFFER];
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), sha)) {
            int n;
            while ((n = body.read(buffer)) >= 0) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException(operation + " was cancelled");
                }
                out.write(buffer, 0, n);
                done += n;
                long now = System.nanoTime();
                if (now - lastReport >= PROGRESS_NANOS) {
                    lastReport = now;
                    progress.onProgress(Progress.transfer(operation, "downloading", done, total, rate(done, now - start)));
                }
            }
        }
        if (total >= 0 && done != total) {
            throw new DownloadException("the download ended after " + done + " of " + total + " bytes", true, null);
        }
        progress.onProgress(Progress.transfer(operation, "downloaded", done, done, rate(done, System.nanoTime() - start)));
        return new Result(done, HexFormat.of().formatHex(sha.digest()));
    }

    private static double rate(long bytes, long nanos) {
        return nanos <= 0 ? 0 : bytes / (nanos / 1e9);
    }
}
