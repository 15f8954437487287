package dev.edgevm.embedded.internal.https;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The response side of an exchange: headers first, then an optional streamed body. */
public final class HttpResponse {

  private final Connection connection;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private boolean committed;
  private boolean headRequest;
  private Runnable dropInstead;

  HttpResponse(Connection connection, boolean headRequest) {
    this.connection = connection;
    this.headRequest = headRequest;
  }

  public HttpResponse header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public boolean committed() {
    return committed;
  }

  /**
   * Makes the response never arrive: when it is sent the connection closes instead, after the
   * request was served (a fault where a write took effect but the client saw an I/O error).
   *
   * @param dropped called when the drop happens
   */
  public void dropInsteadOfSending(Runnable dropped) {
    dropInstead = dropped;
  }

  /** Sends a complete response with a text body (may be empty). */
  public void send(int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0 && !headers.containsKey("Content-Type")) {
      headers.put("Content-Type", "text/plain; charset=utf-8");
    }
    OutputStream out = stream(status, bytes.length);
    out.write(bytes);
    out.close();
  }

  /** Sends headers and returns a stream for the body; a negative length streams chunked. */
  public OutputStream stream(int status, long contentLength) throws IOException {
    if (committed) {
      throw new IllegalStateException("response already sent");
    }
    committed = true;
    if (dropInstead != null) {
      dropInstead.run();
      connection.abort();
      throw new IOException("response dropped by an injected fault");
    }
    return connection.writeHead(status, headers, contentLength, headRequest);
  }
}
