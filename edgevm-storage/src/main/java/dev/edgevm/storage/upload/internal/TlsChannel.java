package dev.edgevm.storage.upload.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * A client TLS connection: an {@link SSLEngine} over a non-blocking {@link SocketChannel}. Writes
 * encrypt a whole chunk into one direct buffer of records and hand it to the kernel in one system
 * call, instead of one call per 16 KiB record as {@code SSLSocket} does; every wait has a deadline;
 * {@link #close()} from another thread wakes a blocked transfer at once.
 */
final class TlsChannel implements AutoCloseable {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final Selector selector;
    private final SSLEngine engine;
    private final ByteBuffer netOut;
    private final ByteBuffer netIn;
    private final ByteBuffer appIn;
    private volatile boolean closed;

    private TlsChannel(SocketChannel channel, Selector selector, SSLEngine engine, int chunkSize) {
        this.channel = channel;
        this.selector = selector;
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        int records = chunkSize / (16 * 1024) + 2;
        this.netOut = ByteBuffer.allocateDirect(records * packet);
        this.netIn = ByteBuffer.allocateDirect(packet * 2);
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        netIn.flip();
        appIn.flip();
    }

    /**
     * Connects and completes the TLS handshake, each within {@code timeout}. {@code created} sees
     * the channel before the first wait, so a cancel can close it while it is still connecting.
     */
    static TlsChannel open(InetSocketAddress address, String host, SSLContext context, boolean verifyHostname,
                           String[] cipherSuites, int chunkSize, Duration timeout,
                           java.util.function.Consumer<TlsChannel> created) throws IOException {
        SocketChannel channel = SocketChannel.open();
        Selector selector = null;
        try {
            selector = Selector.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.register(selector, 0);
            SSLEngine engine = context.createSSLEngine(host, address.getPort());
            engine.setUseClientMode(true);
            SSLParameters parameters = engine.getSSLParameters();
            if (verifyHostname) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
            }
            if (cipherSuites != null) {
                parameters.setCipherSuites(cipherSuites);
            }
            engine.setSSLParameters(parameters);
            TlsChannel tls = new TlsChannel(channel, selector, engine, chunkSize);
            created.accept(tls);
            long deadline = System.nanoTime() + timeout.toNanos();
            if (!channel.connect(address)) {
                while (!channel.finishConnect()) {
                    tls.await(SelectionKey.OP_CONNECT, deadline, "connecting to " + address);
                }
            }
            engine.beginHandshake();
            tls.handshake(deadline);
            return tls;
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    String cipherSuite() {
        return engine.getSession().getCipherSuite();
    }

    String protocol() {
        return engine.getSession().getProtocol();
    }

    /** Encrypts and sends all of {@code src}; fails if the peer takes nothing for {@code stall}. */
    void write(ByteBuffer src, Duration stall) throws IOException {
        while (src.hasRemaining()) {
            netOut.clear();
            while (src.hasRemaining()) {
                SSLEngineResult r = engine.wrap(src, netOut);
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    break;
                }
                if (r.getStatus() != SSLEngineResult.Status.OK) {
                    throw new SSLException("the TLS connection was closed while sending: " + r.getStatus());
                }
            }
            netOut.flip();
            flush(stall);
        }
    }

    /**
     * Reads decrypted bytes into {@code dst}, waiting at most {@code timeout} for the first;
     * -1 at the end of the stream. Throws {@link SocketTimeoutException} when nothing came.
     */
    int read(ByteBuffer dst, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!appIn.hasRemaining()) {
            appIn.clear();
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, appIn);
            } finally {
                appIn.flip();
            }
            switch (r.getStatus()) {
                case CLOSED -> {
                    return -1;
                }
                case BUFFER_UNDERFLOW -> {
                    if (!fill(deadline, "waiting for the server's answer")) {
                        return -1;
                    }
                }
                case BUFFER_OVERFLOW -> throw new SSLException("TLS record larger than the session allows");
                case OK -> {
                    if (r.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING
                            && r.getHandshakeStatus() != HandshakeStatus.FINISHED) {
                        handshake(deadline); // post-handshake messages: tickets, key updates
                    }
                }
            }
        }
        int n = Math.min(dst.remaining(), appIn.remaining());
        ByteBuffer slice = appIn.slice();
        slice.limit(n);
        dst.put(slice);
        appIn.position(appIn.position() + n);
        return n;
    }

    private void handshake(long deadline) throws IOException {
        ByteBuffer scratch = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> {
                    netOut.clear();
                    SSLEngineResult r = engine.wrap(EMPTY, netOut);
                    netOut.flip();
                    flush(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new EOFException("the server closed the connection during the TLS handshake");
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    SSLEngineResult r = engine.unwrap(netIn, scratch);
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW && !fill(deadline, "TLS handshake")) {
                        throw new EOFException("the server closed the connection during the TLS handshake");
                    }
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new EOFException("the server closed the connection during the TLS handshake");
                    }
                    if (scratch.position() > 0) {
                        // application data that arrived with the last handshake message
                        scratch.flip();
                        appIn.compact().put(scratch).flip();
                        scratch.clear();
                    }
                }
                case NEED_TASK -> {
                    for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                        task.run();
                    }
                }
                default -> {
                    return;
                }
            }
        }
    }

    private boolean fill(long deadline, String what) throws IOException {
        netIn.compact();
        try {
            while (true) {
                int n = channel.read(netIn);
                if (n < 0) {
                    return false;
                }
                if (n > 0 || !netIn.hasRemaining()) {
                    return true;
                }
                await(SelectionKey.OP_READ, deadline, what);
            }
        } finally {
            netIn.flip();
        }
    }

    private void flush(Duration stall) throws IOException {
        long deadline = System.nanoTime() + stall.toNanos();
        while (netOut.hasRemaining()) {
            if (channel.write(netOut) > 0) {
                deadline = System.nanoTime() + stall.toNanos();
            } else {
                await(SelectionKey.OP_WRITE, deadline, "sending (the server has taken nothing)");
            }
        }
    }

    private void await(int operation, long deadline, String what) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("timed out " + what);
        }
        try {
            SelectionKey key = channel.keyFor(selector);
            if (key == null) {
                throw new ClosedChannelException();
            }
            key.interestOps(operation);
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
        } catch (java.nio.channels.ClosedSelectorException | java.nio.channels.CancelledKeyException closedMeanwhile) {
            throw new ClosedChannelException();
        }
        if (closed) {
            throw new ClosedChannelException();
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted " + what);
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Closes the connection; safe from any thread, and wakes a thread blocked in a transfer. */
    @Override
    public void close() throws IOException {
        closed = true;
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }
}
