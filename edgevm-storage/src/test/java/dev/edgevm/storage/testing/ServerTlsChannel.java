package dev.edgevm.storage.testing;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * The server side of a TLS connection on a blocking {@link SocketChannel}, reading the network in
 * 4 MiB gulps and decrypting many records per system call, so a test server keeps up with any
 * client. (An {@code SSLSocket} reads each 16 KiB record with two system calls and becomes the
 * bottleneck it is meant not to be.)
 */
final class ServerTlsChannel implements AutoCloseable {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SSLEngine engine;
    private final ByteBuffer netIn = ByteBuffer.allocateDirect(4 << 20);
    private final ByteBuffer netOut;
    private final ByteBuffer appIn;

    ServerTlsChannel(SocketChannel channel, SSLEngine engine) throws IOException {
        this.channel = channel;
        this.engine = engine;
        this.netOut = ByteBuffer.allocateDirect(engine.getSession().getPacketBufferSize() * 4);
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize() * 2);
        netIn.flip();
        appIn.flip();
        engine.setUseClientMode(false);
        engine.beginHandshake();
        try {
            handshake();
        } catch (SSLException refused) {
            sendAlert(); // tell the client why, as a real server does, before closing
            throw refused;
        }
    }

    private void sendAlert() {
        try {
            netOut.clear();
            engine.wrap(EMPTY, netOut);
            flush();
        } catch (IOException | RuntimeException ignored) {
            // best effort: the connection is being closed anyway
        }
    }

    String cipherSuite() {
        return engine.getSession().getCipherSuite();
    }

    /** Reads decrypted bytes into {@code dst}; -1 at the end of the stream. */
    int read(ByteBuffer dst) throws IOException {
        while (!appIn.hasRemaining()) {
            if (!unwrapSome()) {
                return -1;
            }
        }
        int n = Math.min(dst.remaining(), appIn.remaining());
        ByteBuffer slice = appIn.slice();
        slice.limit(n);
        dst.put(slice);
        appIn.position(appIn.position() + n);
        return n;
    }

    /** Reads and drops up to {@code max} decrypted bytes; returns how many, -1 at the end. */
    long skip(long max, java.security.MessageDigest digest) throws IOException {
        while (!appIn.hasRemaining()) {
            if (!unwrapSome()) {
                return -1;
            }
        }
        int n = (int) Math.min(max, appIn.remaining());
        if (digest != null) {
            digest.update(appIn.array(), appIn.arrayOffset() + appIn.position(), n);
        }
        appIn.position(appIn.position() + n);
        return n;
    }

    void write(byte[] bytes) throws IOException {
        ByteBuffer src = ByteBuffer.wrap(bytes);
        while (src.hasRemaining()) {
            netOut.clear();
            SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() != SSLEngineResult.Status.OK) {
                throw new SSLException("wrap: " + r);
            }
            flush();
        }
    }

    private boolean unwrapSome() throws IOException {
        appIn.clear();
        try {
            while (true) {
                SSLEngineResult r = engine.unwrap(netIn, appIn);
                switch (r.getStatus()) {
                    case OK -> {
                        if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP
                                || r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                            handshake(); // a post-handshake message, e.g. a key update
                        }
                        if (appIn.position() > 0 && (!netIn.hasRemaining() || appIn.remaining() < 16 * 1024 + 256)) {
                            return true;
                        }
                    }
                    case BUFFER_UNDERFLOW -> {
                        if (appIn.position() > 0) {
                            return true;
                        }
                        if (!fill()) {
                            return false;
                        }
                    }
                    case CLOSED -> {
                        return appIn.position() > 0;
                    }
                    case BUFFER_OVERFLOW -> {
                        return true;
                    }
                }
            }
        } finally {
            appIn.flip();
        }
    }

    private boolean fill() throws IOException {
        netIn.compact();
        try {
            return channel.read(netIn) >= 0;
        } finally {
            netIn.flip();
        }
    }

    private void flush() throws IOException {
        netOut.flip();
        while (netOut.hasRemaining()) {
            channel.write(netOut);
        }
    }

    private void handshake() throws IOException {
        ByteBuffer scratch = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> {
                    netOut.clear();
                    engine.wrap(EMPTY, netOut);
                    flush();
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    SSLEngineResult r = engine.unwrap(netIn, scratch);
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW && !fill()) {
                        throw new EOFException("the client closed the connection during the handshake");
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

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
