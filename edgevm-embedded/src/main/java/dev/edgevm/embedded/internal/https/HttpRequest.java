package dev.edgevm.embedded.internal.https;

import java.io.InputStream;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;

/** A parsed HTTP/1.1 request whose body is streamed, never buffered. */
public final class HttpRequest {

  private final String method;
  private final String path;
  private final String rawQuery;
  private final Map<String, String> headers;
  private final RequestBody body;
  private final Connection connection;

  HttpRequest(String method, String target, Map<String, String> headers, RequestBody body, Connection connection) {
    this.method = method;
    int question = target.indexOf('?');
    this.path = question < 0 ? target : target.substring(0, question);
    this.rawQuery = question < 0 ? null : target.substring(question + 1);
    this.headers = Collections.unmodifiableMap(headers);
    this.body = body;
    this.connection = connection;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  /** The query string without the {@code ?}, or null. */
  public String rawQuery() {
    return rawQuery;
  }

  /** The value of a header (name case-insensitive), or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The declared body length, or -1 for a chunked body. */
  public long contentLength() {
    return body.declaredLength();
  }

  /** The body; reading it first answers a pending {@code Expect: 100-continue}. */
  public InputStream body() {
    return body;
  }

  /** Bytes of the body read so far. */
  public long bodyBytesRead() {
    return body.bytesRead();
  }

  /** Closes the connection at once without any response, as a crashed or unreachable server would. */
  public void abortConnection() {
    connection.abort();
  }

  /** The address of the client, for messages. */
  public String remoteAddress() {
    return connection.remoteAddress();
  }
}
