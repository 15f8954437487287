package dev.edgevm.embedded.internal.api.watch;

/** Where a watch's events go: a WebSocket or a chunked HTTP body. */
interface WatchSink {

  /** Sends one event (its JSON, without a line end). */
  void send(String event);

  /** Ends the watch from the server's side. */
  void close();

  /** Closes the connection under the watch, without ending it properly (an injected fault). */
  void drop();
}
