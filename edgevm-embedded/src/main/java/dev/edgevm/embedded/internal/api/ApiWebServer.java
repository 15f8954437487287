package dev.edgevm.embedded.internal.api;

import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.HttpUrl;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.fabric8.mockwebserver.vertx.ServerWebSocketHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * fabric8's mock web server with a request handler of our own, on the same Vert.x instance. The
 * stock handler cannot drop a connection, which fault injection needs ({@link Dropped}); this one
 * can, and it does not queue every request for {@code takeRequest()} (nobody takes them here).
 */
public final class ApiWebServer extends MockWebServer {

  /** A response that is never sent: the connection is closed instead. */
  public static final class Dropped extends MockResponse {
  }

  /** A WebSocket listener that may close its connection abruptly (an injected fault). */
  public interface DroppableConnection {

    /** Given once the WebSocket is open: closes the connection without a close frame. */
    void droppedBy(Runnable dropConnection);
  }

  private static final List<String> WEBSOCKET_SUB_PROTOCOLS = List.of(
      "v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "v1.channel.k8s.io", "plain.kubevirt.io");

  private final Vertx vertx;
  private volatile Dispatcher dispatcher;
  private HttpServer http;
  private int port;
  private boolean stopped;

  public ApiWebServer() {
    this.vertx = vertxOf(this);
  }

  /** The Vert.x instance the superclass created (and would otherwise leave running). */
  private static Vertx vertxOf(MockWebServer server) {
    try {
      Field field = MockWebServer.class.getDeclaredField("vertx");
      field.setAccessible(true);
      return (Vertx) field.get(server);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("unsupported fabric8 mockwebserver version: no Vert.x instance found", e);
    }
  }

  @Override
  public void setDispatcher(Dispatcher dispatcher) {
    super.setDispatcher(dispatcher);
    this.dispatcher = dispatcher;
  }

  @Override
  public synchronized void start(InetAddress address, int requestedPort) {
    if (http != null) {
      throw new IllegalStateException("start() already called");
    }
    HttpServerOptions options = new HttpServerOptions()
        .setHost(address.getHostAddress())
        .setPort(requestedPort)
        .setWebSocketSubProtocols(WEBSOCKET_SUB_PROTOCOLS)
        .setHandle100ContinueAutomatically(true);
    http = vertx.createHttpServer(options).requestHandler(this::handle);
    await(http.listen());
    port = http.actualPort();
  }

  private void handle(HttpServerRequest event) {
    String upgrade = event.getHeader("Upgrade");
    if (upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket")) {
      // nothing to read before a WebSocket upgrade; paused, the connection waits for the answer
      event.pause();
      respond(event, toRecorded(event, null));
      return;
    }
    event.body()
        .onSuccess(body -> respond(event, toRecorded(event, body.getBytes())))
        .onFailure(error -> event.connection().close());
  }

  /**
   * Serves the request on a worker thread: dispatching takes the store's locks, writes, reads
   * logs and makes keys, which would hold up every connection of the event loop (and make
   * Vert.x warn of a blocked thread). The answer is written back on the event loop.
   */
  private void respond(HttpServerRequest event, RecordedRequest request) {
    vertx.executeBlocking(() -> dispatch(request), false)
        .onComplete(done -> answer(event, request, done.succeeded() ? done.result() : failure(done.cause())));
  }

  private MockResponse dispatch(RecordedRequest request) {
    try {
      return dispatcher.dispatch(request);
    } catch (RuntimeException e) {
      return failure(e);
    }
  }

  private static MockResponse failure(Throwable error) {
    return new MockResponse().setResponseCode(500).setBody(String.valueOf(error.getMessage()));
  }

  private static void answer(HttpServerRequest event, RecordedRequest request, MockResponse response) {
    if (response instanceof Dropped) {
      event.connection().close();
      return;
    }
    if (response instanceof StreamedResponse streamed) {
      stream(event, streamed);
      return;
    }
    if (response.getWebSocketListener() != null) {
      upgrade(event, request, response);
      return;
    }
    send(event.response(), response);
  }

  private static void upgrade(HttpServerRequest event, RecordedRequest request, MockResponse response) {
    WebSocketListener listener = response.getWebSocketListener();
    Future<ServerWebSocket> socket;
    try {
      socket = event.toWebSocket();
    } catch (RuntimeException notAnUpgrade) {
      socket = Future.failedFuture(notAnUpgrade);
    }
    if (listener instanceof DroppableConnection droppable) {
      droppable.droppedBy(() -> event.connection().close());
    }
    socket.onSuccess(upgraded -> new ServerWebSocketHandler(request, response).handle(upgraded))
        .onFailure(error -> {
          // the listener never opens: let it release what it holds (a watch, for instance)
          listener.onFailure(null, error, null);
          if (!event.response().headWritten()) {
            event.response().setStatusCode(400).end();
          }
        });
  }

  /** A chunked body written by the producer, from any thread, until it ends or the client goes. */
  private static void stream(HttpServerRequest event, StreamedResponse response) {
    HttpServerResponse out = event.response();
    out.setStatusCode(response.code());
    response.getHeaders().toMultimap().forEach((name, values) -> out.headers().add(name, values));
    out.setChunked(true);
    AtomicBoolean finished = new AtomicBoolean();
    out.closeHandler(closed -> {
      if (finished.compareAndSet(false, true)) {
        response.producer().clientGone();
      }
    });
    out.writeHead();
    response.producer().start(new StreamedResponse.Body() {
      @Override
      public void write(String chunk) {
        if (!finished.get()) {
          try {
            out.write(chunk);
          } catch (IllegalStateException ended) {
            finished.set(true);
          }
        }
      }

      @Override
      public void end() {
        if (finished.compareAndSet(false, true)) {
          try {
            out.end();
          } catch (IllegalStateException ended) {
            // the connection closed in between: nothing left to end
          }
        }
      }

      @Override
      public void abort() {
        if (finished.compareAndSet(false, true)) {
          event.connection().close();
        }
      }
    });
  }

  private static void send(HttpServerResponse out, MockResponse response) {
    out.setStatusCode(response.code());
    response.getHeaders().toMultimap().forEach((name, values) -> out.headers().add(name, values));
    Buffer body = response.getBody();
    if (body != null && body.size() > 0) {
      out.end(io.vertx.core.buffer.Buffer.buffer(body.getBytes()));
    } else {
      out.end();
    }
  }

  private static RecordedRequest toRecorded(HttpServerRequest event, byte[] body) {
    return new RecordedRequest(event.version().alpnName().toUpperCase(Locale.ROOT), HttpMethod.fromVertx(event.method()),
        event.uri(), Headers.builder().addAll(event.headers()).build(), new Buffer(body));
  }

  @Override
  public synchronized void shutdown() {
    if (stopped) {
      return;
    }
    stopped = true;
    Dispatcher current = dispatcher;
    if (current != null) {
      current.shutdown();
    }
    if (http != null) {
      await(http.close());
    }
    if (current != null) {
      current.releaseResources();
    }
    await(vertx.close());
  }

  @Override
  public int getPort() {
    return port;
  }

  @Override
  public String getHostName() {
    return "127.0.0.1";
  }

  @Override
  public HttpUrl url(String path) {
    return HttpUrl.parse("http://127.0.0.1:" + port + "/" + (path.startsWith("/") ? path.substring(1) : path));
  }

  @Override
  public String toString() {
    return "ApiWebServer[" + port + "]";
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException("the API server's HTTP endpoint failed: " + e.getMessage(), e);
    }
  }
}
