package dev.edgevm.embedded.internal.https;

import dev.edgevm.embedded.internal.runtime.DaemonPool;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small blocking HTTPS/1.1 server: one thread per connection, bodies streamed to handlers,
 * keep-alive. Built for bulk uploads and downloads over loopback, where a thread per connection
 * and large blocking reads are the fastest design. It listens at once but takes up TLS (its
 * context, the JDK's TLS classes) only with its first connection: a cluster whose endpoints are
 * never used does not pay for them.
 */
public final class HttpsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpsServer.class);
  private static final int SOCKET_BUFFER = 4 * 1024 * 1024;
  private static final int IDLE_TIMEOUT_MILLIS = (int) TimeUnit.MINUTES.toMillis(5);

  private final String name;
  private final ServerSocket serverSocket;
  private final Supplier<SSLContext> tls;
  private volatile SSLSocketFactory sockets;
  private final HttpHandler handler;
  private final ExecutorService workers;
  private final Thread acceptor;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private HttpsServer(String name, ServerSocket serverSocket, Supplier<SSLContext> tls, HttpHandler handler,
      int maxConnections) {
    this.name = name;
    this.serverSocket = serverSocket;
    this.tls = tls;
    this.handler = handler;
    AtomicInteger counter = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(0, maxConnections, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        runnable -> daemon(runnable, name + "-" + counter.incrementAndGet()),
        (runnable, executor) -> {
          if (!closed) {
            LOG.warn("{}: too many connections, refusing one", name);
          }
          ((Connection) runnable).abort();
          connections.remove(runnable);
        });
    this.acceptor = daemon(this::acceptLoop, name + "-acceptor");
  }

  /** Starts serving on an ephemeral port of {@code address}. */
  public static HttpsServer start(String name, SSLContext tls, InetAddress address, HttpHandler handler,
      int maxConnections) {
    return start(name, () -> tls, address, handler, maxConnections);
  }

  /**
   * Starts serving on an ephemeral port of {@code address}, asking for the TLS context when the
   * first connection comes.
   */
  public static HttpsServer start(String name, Supplier<SSLContext> tls, InetAddress address, HttpHandler handler,
      int maxConnections) {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReceiveBufferSize(SOCKET_BUFFER); // before bind: the window scale is agreed at the handshake
      socket.bind(new InetSocketAddress(address, 0), 64);
      HttpsServer server = new HttpsServer(name, socket, tls, handler, maxConnections);
      server.acceptor.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name + " on " + address, e);
    }
  }

  /** The accepted connection as the TLS server end. */
  private SSLSocket secure(Socket plain) throws IOException {
    SSLSocketFactory factory = sockets;
    if (factory == null) {
      factory = tls.get().getSocketFactory();
      sockets = factory;
    }
    SSLSocket socket = (SSLSocket) factory.createSocket(plain, null, plain.getPort(), true);
    socket.setUseClientMode(false);
    preferFastCiphers(socket);
    return socket;
  }

  /**
   * AES-128-GCM first (fewer rounds than AES-256, the JDK's first choice), keeping every suite the
   * JDK enables: bulk transfers over loopback are bound by decryption.
   */
  private static void preferFastCiphers(SSLSocket socket) {
    java.util.List<String> suites = new java.util.ArrayList<>(java.util.Arrays.asList(socket.getEnabledCipherSuites()));
    for (String fast : new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256"}) {
      if (suites.remove(fast)) {
        suites.add(0, fast);
      }
    }
    javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
    parameters.setCipherSuites(suites.toArray(new String[0]));
    parameters.setUseCipherSuitesOrder(true);
    socket.setSSLParameters(parameters);
  }

  public int port() {
    return serverSocket.getLocalPort();
  }

  /** {@code https://host:port} with the given host name (which the certificate must name). */
  public URI uri(String host) {
    return URI.create("https://" + host + ":" + port());
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket plain = serverSocket.accept();
        plain.setTcpNoDelay(true);
        plain.setSoTimeout(IDLE_TIMEOUT_MILLIS);
        trySetSendBuffer(plain);
        SSLSocket socket;
        try {
          socket = secure(plain);
        } catch (IOException | RuntimeException e) {
          plain.close();
          throw e;
        }
        Connection connection = new Connection(socket, handler, connections::remove);
        connections.add(connection);
        workers.execute(connection);
        if (closed) {
          connection.abort();
        }
      } catch (SocketException e) {
        if (!closed) {
          LOG.warn("{}: accept failed", name, e);
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("{}: accept failed", name, e);
      }
    }
  }

  private static void trySetSendBuffer(Socket socket) {
    try {
      socket.setSendBufferSize(SOCKET_BUFFER);
    } catch (SocketException e) {
      LOG.trace("send buffer size not set", e);
    }
  }

  private static Thread daemon(Runnable runnable, String threadName) {
    Thread thread = new Thread(runnable, threadName);
    thread.setDaemon(true);
    return thread;
  }

  /**
   * Stops accepting, closes every open connection, interrupts the handlers (a conversion under
   * way kills its qemu-img) and waits for them to finish.
   */
  @Override
  public void close() {
    closed = true;
    try {
      serverSocket.close();
    } catch (IOException e) {
      LOG.trace("{}: closing the listening socket", name, e);
    }
    try {
      acceptor.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connections.forEach(Connection::abort);
    DaemonPool.stop(workers, name);
  }
}
