package dev.edgevm.kubevirt.internal;

import dev.edgevm.core.ClusterUnreachableException;
import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.VmConsole;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The serial console websocket of a VM instance ({@code plain.kubevirt.io} subprotocol, binary
 * frames both ways, as virtctl speaks it), presented as a pair of streams.
 */
final class ConsoleConnection implements VmConsole, WebSocket.Listener {

    private static final byte[] END = new byte[0];

    private final LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    private final InputStream output = new QueueInputStream();
    private final OutputStream input = new SocketOutputStream();
    private volatile WebSocket socket;
    private volatile boolean closed;

    private ConsoleConnection() {}

    static ConsoleConnection open(DefaultEdgeVm edge, String url, ObjectRef ref) {
        ConsoleConnection console = new ConsoleConnection();
        try {
            console.socket = edge.client().getHttpClient().newWebSocketBuilder()
                    .uri(WebSocket.toWebSocketUri(URI.create(url)))
                    .subprotocol("plain.kubevirt.io")
                    .connectTimeout(30, TimeUnit.SECONDS)
                    .buildAsync(console)
                    .get(60, TimeUnit.SECONDS);
            return console;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h && h.getResponse() != null) {
                throw Errors.fromStatus(h.getResponse().code(), null, body(h), "open the console of", ref, h);
            }
            throw new ClusterUnreachableException("console of " + ref + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new ClusterUnreachableException("console of " + ref + ": no answer within 60s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EdgeVmException("interrupted while opening the console of " + ref, e);
        }
    }

    private static String body(WebSocketHandshakeException h) {
        try {
            String b = h.getResponse().bodyString();
            return b == null || b.isEmpty() ? "the server refused the console" : b;
        } catch (IOException | RuntimeException e) {
            return "the server refused the console";
        }
    }

    @Override
    public InputStream output() {
        return output;
    }

    @Override
    public OutputStream input() {
        return input;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            WebSocket s = socket;
            if (s != null) {
                s.sendClose(1000, "console closed");
            }
            received.offer(END);
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request();
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteBuffer bytes) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        received.offer(copy);
        webSocket.request();
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        received.offer(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        webSocket.request();
    }

    @Override
    public void onClose(WebSocket webSocket, int code, String reason) {
        closed = true;
        received.offer(END);
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed = true;
        received.offer(END);
    }

    /** Reads what the socket received, blocking until bytes arrive or the console ends. */
    private final class QueueInputStream extends InputStream {
        private byte[] current = new byte[0];
        private int position;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (position >= current.length) {
                if (ended) {
                    return -1;
                }
                try {
                    current = received.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading the console");
                }
                position = 0;
                if (current == END) {
                    ended = true;
                    return -1;
                }
            }
            int n = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public int available() {
            return current.length - position;
        }
    }

    /** Sends what is written as binary frames. */
    private final class SocketOutputStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed || !socket.send(ByteBuffer.wrap(b.clone(), off, len))) {
                throw new IOException("the console is closed");
            }
        }
    }
}
