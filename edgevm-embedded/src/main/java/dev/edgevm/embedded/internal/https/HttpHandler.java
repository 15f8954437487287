package dev.edgevm.embedded.internal.https;

import java.io.IOException;

/** Answers one request; the server keeps the connection alive when the exchange allows it. */
@FunctionalInterface
public interface HttpHandler {

  void handle(HttpRequest request, HttpResponse response) throws IOException;
}
