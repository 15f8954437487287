package dev.edgevm.embedded.internal.https;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** A response body of a declared length; closing it flushes but keeps the connection. */
final class FixedLengthOutputStream extends FilterOutputStream {

  private long remaining;

  FixedLengthOutputStream(OutputStream out, long length) {
    super(out);
    this.remaining = length;
  }

  @Override
  public void write(int b) throws IOException {
    check(1);
    out.write(b);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    check(length);
    out.write(bytes, offset, length);
  }

  private void check(int length) throws IOException {
    if (length > remaining) {
      throw new IOException("response body longer than its Content-Length");
    }
    remaining -= length;
  }

  @Override
  public void close() throws IOException {
    out.flush();
  }
}
