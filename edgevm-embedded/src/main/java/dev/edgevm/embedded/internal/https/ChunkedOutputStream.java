package dev.edgevm.embedded.internal.https;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A response body of unknown length, sent with chunked transfer encoding. */
final class ChunkedOutputStream extends FilterOutputStream {

  private static final byte[] CRLF = {'\r', '\n'};
  private boolean closed;

  ChunkedOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    if (length == 0) {
      return;
    }
    out.write(Integer.toHexString(length).getBytes(StandardCharsets.US_ASCII));
    out.write(CRLF);
    out.write(bytes, offset, length);
    out.write(CRLF);
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
  }
}
