package dev.edgevm.storage.upload.internal;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.ProgressListener;
import dev.edgevm.storage.upload.UploadConnectionException;
import dev.edgevm.storage.upload.UploadRejectedException;
import dev.edgevm.storage.upload.UploadRequest;
import dev.edgevm.storage.upload.UploadResult;
import dev.edgevm.storage.upload.UploadTls;
import dev.edgevm.storage.upload.UploadTrustException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upload as CDI's upload proxy expects it: {@code POST} with {@code Content-Length},
 * {@code Content-Type: application/octet-stream} and {@code Authorization: Bearer}, HTTP/1.1 over
 * TLS. Asks {@code Expect: 100-continue} so a refused token or a pod that is not ready is answered
 * before a byte of the body goes out. The body goes from the file through one direct buffer into
 * TLS records and out in 1 MiB writes: memory stays constant whatever the file's size.
 */
public final class HttpUpload {

    private static final Logger LOG = LoggerFactory.getLogger(HttpUpload.class);

    /** Body chunk: one file read, one batch of TLS records, one socket write. */
    static final int CHUNK = 1 << 20;
    /** How long to wait for {@code 100 Continue} before sending anyway (as curl does). */
    static final Duration CONTINUE_WAIT = Duration.ofSeconds(1);
    /** After a failed write, how long to look for an answer the server sent before closing. */
    static final Duration LATE_ANSWER_WAIT = Duration.ofSeconds(2);

    private final UploadRequest request;
    private final ProgressListener listener;
    private volatile TlsChannel tls;
    private volatile boolean cancelled;

    public HttpUpload(UploadRequest request, ProgressListener listener) {
        this.request = request;
        this.listener = listener;
    }

    /**
     * Runs the upload on the calling thread.
     *
     * @throws CancellationException if {@link #cancel()} was called or the thread was interrupted
     */
    public UploadResult run() {
        URI uri = request.uri();
        String target = uri.getHost() + ":" + port(uri);
        long size;
        try (FileChannel file = FileChannel.open(request.file(), StandardOpenOption.READ)) {
            size = file.size();
            TransferMeter meter = new TransferMeter(listener, "upload " + request.file().getFileName(), size);
            meter.step("connecting", "to " + target);
            tls = connect(uri);
            if (cancelled) {
                throw new CancellationException("upload of " + request.file() + " cancelled");
            }
            HttpResponse.Reader in = new HttpResponse.Reader(tls);
            sendHead(size);
            HttpResponse early = awaitContinue(in);
            if (early != null) {
                throw rejected(target, early, 0);
            }
            meter.start();
            sendBody(file, size, meter);
            meter.finished("waiting for the server");
            HttpResponse answer = answerAfterBody(in, meter.done());
            if (answer.status / 100 != 2) {
                throw rejected(target, answer, meter.done());
            }
            meter.finished("uploaded");
            return new UploadResult(meter.done(), Duration.ofNanos(meter.nanosSinceStart()), answer.status, answer.body,
                    tls.protocol(), tls.cipherSuite());
        } catch (UploadRejectedException | UploadTrustException | CancellationException | UploadConnectionException e) {
            throw e;
        } catch (IOException e) {
            throw failure(target, e);
        } finally {
            closeQuietly();
        }
    }

    /** Stops the upload from any thread: closes the connection, which wakes the uploading thread. */
    public void cancel() {
        cancelled = true;
        closeQuietly();
    }

    private TlsChannel connect(URI uri) throws IOException {
        UploadTls trust = request.tls();
        SSLContext context;
        try {
            if (trust.isInsecure()) {
                LOG.warn("Uploading {} to {} WITHOUT verifying the server's certificate (insecure mode was asked for)",
                        request.file().getFileName(), uri.getHost());
                context = TlsContexts.trustingAnything();
            } else {
                context = trust.caPem().isPresent() ? TlsContexts.trusting(trust.caPem().get()) : TlsContexts.systemTrust();
            }
        } catch (GeneralSecurityException e) {
            throw new EdgeVmException("cannot set up TLS for the upload: " + e.getMessage(), e);
        }
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), port(uri));
        if (address.isUnresolved()) {
            throw new UploadConnectionException("cannot resolve the upload host " + uri.getHost(), 0, null);
        }
        String[] fast = CipherSuites.preferred(context);
        try {
            return TlsChannel.open(address, uri.getHost(), context, !trust.isInsecure(), fast, CHUNK, request.connectTimeout(),
                    this::connecting);
        } catch (SSLHandshakeException | java.io.EOFException e) {
            // A server that accepts none of the offered suites answers with an alert, or just hangs up.
            if (fast == null || e instanceof SSLHandshakeException h && !CipherSuites.isNoCommonSuite(h)) {
                throw e;
            }
            LOG.debug("The upload server accepts none of the preferred cipher suites; using the JDK's defaults");
            return TlsChannel.open(address, uri.getHost(), context, !trust.isInsecure(), null, CHUNK, request.connectTimeout(),
                    this::connecting);
        }
    }

    // Published before connecting, so cancel() can close a connection still in its handshake.
    private void connecting(TlsChannel channel) {
        tls = channel;
        if (cancelled) {
            closeQuietly();
        }
    }

    private void sendHead(long size) throws IOException {
        URI uri = request.uri();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + "\r\n"
                + "User-Agent: edgevm\r\n"
                + "Authorization: Bearer " + request.token() + "\r\n"
                + "Content-Type: " + request.contentType() + "\r\n"
                + "Content-Length: " + size + "\r\n"
                + "Expect: 100-continue\r\n"
                + "Connection: close\r\n\r\n";
        tls.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)), request.stallTimeout());
    }

    // Null when the server said 100 Continue or said nothing in time; the answer when it refused.
    private HttpResponse awaitContinue(HttpResponse.Reader in) throws IOException {
        HttpResponse head;
        try {
            head = HttpResponse.readHead(in, CONTINUE_WAIT);
        } catch (SocketTimeoutException silent) {
            return null;
        }
        if (head.status == 100) {
            return null;
        }
        return HttpResponse.rest(head, in, request.stallTimeout());
    }

    private void sendBody(FileChannel file, long size, TransferMeter meter) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
        long position = 0;
        while (position < size) {
            chunk.clear();
            if (size - position < CHUNK) {
                chunk.limit((int) (size - position));
            }
            int n = file.read(chunk, position);
            if (n < 0) {
                throw new EdgeVmException(request.file() + " shrank while it was being uploaded (" + position + " of " + size
                        + " bytes sent); upload a file nobody writes to", null);
            }
            chunk.flip();
            try {
                tls.write(chunk, request.stallTimeout());
            } catch (IOException e) {
                throw dropped(e, meter.done() + (n - chunk.remaining()));
            }
            position += n;
            meter.sent(n);
        }
    }

    // The whole body may sit in the kernel's buffers when the server hangs up part way: the lost
    // answer is then the first sign, and the bytes handed over are what the failure reports.
    private HttpResponse answerAfterBody(HttpResponse.Reader in, long sent) throws IOException {
        try {
            return HttpResponse.read(in, request.stallTimeout());
        } catch (IOException e) {
            if (cancelled || e instanceof InterruptedIOException) {
                throw e;
            }
            throw new DroppedDuringBody(e, sent);
        }
    }

    // A write failed: the server may have answered (and closed) first, e.g. 401 after ignoring Expect.
    private IOException dropped(IOException e, long sent) {
        if (cancelled || e instanceof InterruptedIOException) {
            return e;
        }
        try {
            HttpResponse answer = HttpResponse.read(new HttpResponse.Reader(tls), LATE_ANSWER_WAIT);
            return new RejectedDuringBody(answer, sent);
        } catch (IOException | RuntimeException none) {
            return new DroppedDuringBody(e, sent);
        }
    }

    private RuntimeException failure(String target, IOException e) {
        if (cancelled || e instanceof InterruptedIOException || e instanceof ClosedChannelException && tls != null && tls.isClosed()) {
            if (e instanceof InterruptedIOException) {
                Thread.currentThread().interrupt();
            }
            CancellationException c = new CancellationException("upload of " + request.file() + " cancelled");
            c.initCause(e);
            return c;
        }
        if (e instanceof RejectedDuringBody r) {
            return rejected(target, r.answer, r.sent);
        }
        long sent = e instanceof DroppedDuringBody d ? d.sent : 0;
        Throwable cause = e instanceof DroppedDuringBody ? e.getCause() : e;
        if (e instanceof SSLHandshakeException && CipherSuites.isTrustFailure(e)) {
            return new UploadTrustException("the upload server " + target + " is not trusted: " + e.getMessage()
                    + (request.tls().caPem().isPresent() ? " (its certificate is not signed by the given CA, or does not name "
                    + request.uri().getHost() + ")" : " (give the upload proxy's CA)"), e);
        }
        String when = sent > 0 ? "after " + sent + " bytes of the body" : "before the body was sent";
        return new UploadConnectionException("upload to " + target + " failed " + when + ": " + describe(cause)
                + "; CDI cannot resume an upload, a retry starts from the beginning", sent, cause);
    }

    private UploadRejectedException rejected(String target, HttpResponse answer, long sent) {
        return new UploadRejectedException(target + request.uri().getRawPath(), answer.status, answer.body, sent);
    }

    private static String describe(Throwable t) {
        return t == null ? "connection lost" : t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : 443;
    }

    private void closeQuietly() {
        TlsChannel t = tls;
        if (t != null) {
            try {
                t.close();
            } catch (IOException ignored) {
                // closing after a failure; the failure is what matters
            }
        }
    }

    private static final class DroppedDuringBody extends IOException {
        final long sent;

        DroppedDuringBody(IOException cause, long sent) {
            super(cause.getMessage(), cause);
            this.sent = sent;
        }
    }

    private static final class RejectedDuringBody extends IOException {
        final HttpResponse answer;
        final long sent;

        RejectedDuringBody(HttpResponse answer, long sent) {
            super("HTTP " + answer.status);
            this.answer = answer;
            this.sent = sent;
        }
    }
}
