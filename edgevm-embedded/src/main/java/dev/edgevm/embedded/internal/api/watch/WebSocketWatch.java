package dev.edgevm.embedded.internal.api.watch;

import dev.edgevm.embedded.internal.api.ApiWebServer;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

/** A watch served over a WebSocket: one text message per event, as fabric8's client expects them. */
final class WebSocketWatch extends WebSocketListener implements WatchSink, ApiWebServer.DroppableConnection {

  private final WatchStream stream;
  private volatile WebSocket socket;
  private volatile Runnable dropConnection = this::close;

  WebSocketWatch(WatchStream stream) {
    this.stream = stream;
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    this.socket = webSocket;
    stream.attach(this);
  }

  @Override
  public void send(String event) {
    socket.send(event);
  }

  @Override
  public void close() {
    socket.close(1000, "");
  }

  @Override
  public void droppedBy(Runnable dropConnection) {
    this.dropConnection = dropConnection;
  }

  @Override
  public void drop() {
    dropConnection.run();
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    stream.detach();
    webSocket.close(code, reason);
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    stream.detach();
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable error, Response response) {
    stream.detach();
  }
}
