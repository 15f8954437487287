package dev.edgevm.embedded.internal.api.watch;

import dev.edgevm.embedded.internal.api.StreamedResponse;

/**
 * A watch served as a chunked HTTP response, as the API server streams it to clients that do not
 * upgrade to a WebSocket ({@code kubectl get -w}, fabric8's fallback): one JSON event per line.
 */
final class HttpWatch implements StreamedResponse.Producer, WatchSink {

  private final WatchStream stream;
  private volatile StreamedResponse.Body body;

  HttpWatch(WatchStream stream) {
    this.stream = stream;
  }

  @Override
  public void start(StreamedResponse.Body body) {
    this.body = body;
    stream.attach(this);
  }

  @Override
  public void clientGone() {
    stream.detach();
  }

  @Override
  public void send(String event) {
    body.write(event + "\n");
  }

  @Override
  public void close() {
    body.end();
  }

  @Override
  public void drop() {
    body.abort();
  }
}
