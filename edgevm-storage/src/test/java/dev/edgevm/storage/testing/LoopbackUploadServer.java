package dev.edgevm.storage.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A small HTTPS server on 127.0.0.1 that takes uploads the way CDI's upload proxy does
 * ({@code POST /v1beta1/upload-async}, Bearer token, Content-Length body, {@code Expect: 100-continue}
 * honoured) and that is not the bottleneck: it reads the network in 4 MiB gulps, decrypts with
 * {@code SSLEngine} and only counts (or hashes) what it reads. Its answer per request is scripted, to play CDI's 401/400/503 and dropped connections.
 */
public final class LoopbackUploadServer implements AutoCloseable {

    /** What the server does with one request. */
    public sealed interface Script {}

    /** Read the whole body, then answer 200. */
    public record Accept() implements Script {}

    /** Answer {@code status} with {@code body} as soon as the headers are read; read no body. */
    public record RejectAtOnce(int status, String body) implements Script {}

    /** Read the whole body, then answer {@code status} with {@code body}. */
    public record RejectAfterBody(int status, String body) implements Script {}

    /** Read {@code bytes} of the body, then reset the connection without an answer. */
    public record DropAfter(long bytes) implements Script {}

    /** Read {@code bytes} of the body, then stop reading (the client's writes block) until closed. */
    public record StallAfter(long bytes) implements Script {}

    /** What the server saw of one request. */
    public record Received(String method, String path, Map<String, String> headers, long bodyBytes, String sha256) {}

    private final ServerSocketChannel server;
    private final SSLContext context;
    private final String caPem;
    private final boolean hash;
    private final String[] cipherSuites;
    private final BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);
    private volatile String negotiatedCipherSuite;

    private LoopbackUploadServer(ServerSocketChannel server, SSLContext context, String caPem, boolean hash, String[] cipherSuites) {
        this.server = server;
        this.context = context;
        this.caPem = caPem;
        this.hash = hash;
        this.cipherSuites = cipherSuites;
    }

    /**
     * Starts a server with a certificate from {@code pki}; {@code hash} makes it SHA-256 every body;
     * {@code cipherSuites}, when given, are the only suites it accepts (in its order of preference).
     */
    public static LoopbackUploadServer start(TestPki pki, boolean hash, String... cipherSuites) {
        try {
            char[] password = "test".toCharArray();
            KeyStore keys = pki.serverKeyStore(password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            ServerSocketChannel socket = ServerSocketChannel.open();
            socket.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            LoopbackUploadServer server = new LoopbackUploadServer(socket, context, pki.caPem(), hash,
                    cipherSuites.length == 0 ? null : cipherSuites);
            server.spawn("upload-server-accept", server::acceptLoop);
            return server;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the loopback upload server", e);
        }
    }

    /** The upload URL, as CDI's upload proxy serves it. */
    public URI uploadUri() {
        return URI.create("https://127.0.0.1:" + port() + "/v1beta1/upload-async");
    }

    /** The same URL by host name, to check host name verification. */
    public URI uploadUriByName() {
        return URI.create("https://localhost:" + port() + "/v1beta1/upload-async");
    }

    private int port() {
        return server.socket().getLocalPort();
    }

    public String caPem() {
        return caPem;
    }

    /** Queues what to do with the next request; with none queued a request is accepted. */
    public LoopbackUploadServer then(Script script) {
        scripts.add(script);
        return this;
    }

    /** The next request the server finished with, waiting up to 30 s. */
    public Received takeReceived() throws InterruptedException {
        Received r = received.poll(30, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("the server received no request within 30 s");
        }
        return r;
    }

    /** The next request the server finished with, or null after a second. */
    public Received takeReceivedOrNull() throws InterruptedException {
        return received.poll(1, TimeUnit.SECONDS);
    }

    /** The TLS cipher suite of the last connection. */
    public String negotiatedCipherSuite() {
        return negotiatedCipherSuite;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel socket = server.accept();
                connections.add(socket);
                spawn("upload-server-conn", () -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(SocketChannel socket) {
        javax.net.ssl.SSLEngine engine = context.createSSLEngine();
        if (cipherSuites != null) {
            engine.setEnabledCipherSuites(cipherSuites);
        }
        try (socket; ServerTlsChannel tls = new ServerTlsChannel(socket, engine)) {
            negotiatedCipherSuite = tls.cipherSuite();
            String requestLine = line(tls);
            if (requestLine == null) {
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(tls); h != null && !h.isEmpty(); h = line(tls)) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            String[] parts = requestLine.split(" ");
            long length = Long.parseLong(headers.getOrDefault("content-length", "0"));
            Script script = scripts.poll();
            if (script == null) {
                script = new Accept();
            }
            if (script instanceof RejectAtOnce r) {
                answer(tls, r.status(), r.body());
                received.add(new Received(parts[0], parts[1], headers, 0, null));
                return;
            }
            if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
                tls.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            long limit = script instanceof DropAfter d ? d.bytes() : script instanceof StallAfter s ? s.bytes() : length;
            MessageDigest digest = hash ? MessageDigest.getInstance("SHA-256") : null;
            long read = 0;
            long wanted = Math.min(limit, length);
            while (read < wanted) {
                long n = tls.skip(wanted - read, digest);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            if (script instanceof DropAfter) {
                socket.setOption(StandardSocketOptions.SO_LINGER, 0); // a reset, as when a pod dies mid-upload
                received.add(new Received(parts[0], parts[1], headers, read, null));
                return;
            }
            if (script instanceof StallAfter) {
                received.add(new Received(parts[0], parts[1], headers, read, null));
                // Keep the connection open without reading, until the server closes: reading here would
                // return at once with the bytes the client already sent, and end the stall early.
                closing.await();
                return;
            }
            String sha = digest == null ? null : HexFormat.of().formatHex(digest.digest());
            received.add(new Received(parts[0], parts[1], headers, read, sha));
            if (script instanceof RejectAfterBody r) {
                answer(tls, r.status(), r.body());
            } else {
                answer(tls, 200, "");
            }
        } catch (IOException closed) {
            // the client went away, or close() stopped us
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (NoSuchAlgorithmException | RuntimeException e) {
            if (server.isOpen()) {
                e.printStackTrace();
            }
        } finally {
            connections.remove(socket);
        }
    }

    private static void answer(ServerTlsChannel tls, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + (status == 200 ? "OK" : "Error") + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
        byte[] all = new byte[head.length() + bytes.length];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, all, 0, head.length());
        System.arraycopy(bytes, 0, all, head.length(), bytes.length);
        tls.write(all);
    }

    private static String line(ServerTlsChannel tls) throws IOException {
        StringBuilder sb = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (tls.read(one.clear()) > 0) {
            char c = (char) one.get(0);
            if (c == '\n') {
                int end = sb.length() > 0 && sb.charAt(sb.length() - 1) == '\r' ? sb.length() - 1 : sb.length();
                return sb.substring(0, end);
            }
            sb.append(c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private void spawn(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        closing.countDown();
        server.close();
        for (SocketChannel s : connections) {
            s.close();
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
    }
}
