package dev.edgevm.embedded.internal.https;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One client connection: requests are served one after another while keep-alive allows. */
final class Connection implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
  private static final int HEAD_LIMIT = 64 * 1024;
  private static final int IO_BUFFER = 64 * 1024;
  /** Like Go's net/http: a small unread body is discarded to keep the connection, a large one closes it. */
  private static final long DRAIN_LIMIT = 256 * 1024;
  private static final long LINGER_NANOS = 1_000_000_000L;
  private static final int LINGER_READ_TIMEOUT_MILLIS = 250;
  private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final Socket socket;
  private final HttpHandler handler;
  private final Consumer<Connection> onClose;
  private InputStream in;
  private OutputStream out;
  private RequestBody body;
  private boolean expectContinue;
  private boolean closeAfterResponse;
  private boolean drainAfterResponse;

  Connection(Socket socket, HttpHandler handler, Consumer<Connection> onClose) {
    this.socket = socket;
    this.handler = handler;
    this.onClose = onClose;
  }

  @Override
  public void run() {
    try {
      in = new BufferedInputStream(socket.getInputStream(), IO_BUFFER);
      out = new BufferedOutputStream(socket.getOutputStream(), IO_BUFFER);
      while (serveOne()) {
        // next request on the same connection
      }
    } catch (IOException e) {
      LOG.debug("connection from {} ended: {}", remoteAddress(), e.toString());
    } catch (RuntimeException e) {
      LOG.warn("request handler failed", e);
    } finally {
      abort();
      onClose.accept(this);
    }
  }

  private boolean serveOne() throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    String requestLine = readHead(headers);
    if (requestLine == null) {
      return false;
    }
    String[] parts = requestLine.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      writeSimple(400, "malformed request line");
      return false;
    }
    boolean chunked = "chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", "").trim());
    long length = 0;
    if (!chunked && headers.containsKey("content-length")) {
      try {
        length = Long.parseLong(headers.get("content-length").trim());
      } catch (NumberFormatException e) {
        length = -1;
      }
      if (length < 0) {
        writeSimple(400, "malformed Content-Length");
        return false;
      }
    }
    expectContinue = "100-continue".equalsIgnoreCase(headers.getOrDefault("expect", "").trim());
    closeAfterResponse = "close".equalsIgnoreCase(headers.getOrDefault("connection", "").trim())
        || "HTTP/1.0".equals(parts[2]);
    drainAfterResponse = false;
    body = new RequestBody(in, length, chunked, this::sendContinueIfExpected);
    HttpRequest request = new HttpRequest(parts[0], parts[1], headers, body, this);
    HttpResponse response = new HttpResponse(this, "HEAD".equals(parts[0]));
    handler.handle(request, response);
    if (socket.isClosed()) {
      return false;
    }
    if (!response.committed()) {
      response.send(500, "no response");
    }
    out.flush();
    if (drainAfterResponse && !body.drain(DRAIN_LIMIT)) {
      return false;
    }
    if (closeAfterResponse && !body.finished()) {
      lingerBeforeClose();
    }
    return !closeAfterResponse;
  }

  /**
   * Closing a socket with unread data makes TCP reset the connection, and the client may lose the
   * response it has not read yet. Like Go's server, keep reading (and discarding) for a moment so
   * the client sees the answer before the connection goes.
   */
  private void lingerBeforeClose() {
    long deadline = System.nanoTime() + LINGER_NANOS;
    byte[] scratch = new byte[64 * 1024];
    try {
      socket.setSoTimeout(LINGER_READ_TIMEOUT_MILLIS);
      while (System.nanoTime() < deadline && in.read(scratch) >= 0) {
        // discard what the client is still sending
      }
    } catch (IOException e) {
      LOG.trace("linger on {} ended: {}", remoteAddress(), e.toString());
    }
  }

  /** Reads the request line and headers; null when the client closed an idle connection. */
  private String readHead(Map<String, String> headers) throws IOException {
    byte[] line = new byte[8192];
    String requestLine = null;
    int total = 0;
    while (true) {
      int length = 0;
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        if (length == line.length) {
          line = java.util.Arrays.copyOf(line, line.length * 2);
        }
        line[length++] = (byte) c;
        if (++total > HEAD_LIMIT) {
          writeSimple(431, "request header too large");
          throw new IOException("request head larger than " + HEAD_LIMIT);
        }
      }
      if (c < 0) {
        if (requestLine == null && length == 0) {
          return null;
        }
        throw new IOException("connection closed inside a request head");
      }
      if (length > 0 && line[length - 1] == '\r') {
        length--;
      }
      String text = RequestBody.ascii(line, length);
      if (requestLine == null) {
        if (!text.isEmpty()) {
          requestLine = text;
        }
        continue;
      }
      if (text.isEmpty()) {
        return requestLine;
      }
      int colon = text.indexOf(':');
      if (colon > 0) {
        String name = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = text.substring(colon + 1).trim();
        headers.merge(name, value, (first, second) -> first + ", " + second);
      }
    }
  }

  private void sendContinueIfExpected() throws IOException {
    if (expectContinue) {
      expectContinue = false;
      out.write(CONTINUE);
      out.flush();
    }
  }

  OutputStream writeHead(int status, Map<String, String> headers, long contentLength, boolean headRequest)
      throws IOException {
    if (!body.finished()) {
      if (expectContinue || body.declaredLength() < 0
          || body.declaredLength() - body.bytesRead() > DRAIN_LIMIT) {
        closeAfterResponse = true;
      } else {
        drainAfterResponse = true;
      }
    }
    StringBuilder head = new StringBuilder(256);
    head.append("HTTP/1.1 ").append(status).append(' ').append(StatusText.of(status)).append("\r\n");
    head.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)))
        .append("\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    boolean chunked = contentLength < 0;
    if (chunked) {
      head.append("Transfer-Encoding: chunked\r\n");
    } else {
      head.append("Content-Length: ").append(contentLength).append("\r\n");
    }
    if (closeAfterResponse) {
      head.append("Connection: close\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (headRequest) {
      out.flush();
      return OutputStream.nullOutputStream();
    }
    return chunked ? new ChunkedOutputStream(out) : new FixedLengthOutputStream(out, contentLength);
  }

  private void writeSimple(int status, String message) throws IOException {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + status + " " + StatusText.of(status) + "\r\nContent-Type: text/plain; charset=utf-8"
        + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(bytes);
    out.flush();
  }

  void abort() {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.trace("closing {}", remoteAddress(), e);
    }
  }

  String remoteAddress() {
    return String.valueOf(socket.getRemoteSocketAddress());
  }
}
