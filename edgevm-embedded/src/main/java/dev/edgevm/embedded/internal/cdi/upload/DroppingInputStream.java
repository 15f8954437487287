package dev.edgevm.embedded.internal.cdi.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes a number of body bytes through, then fails as if the connection had dropped; a body
 * that ends first fails at its end, before the reader sees it end. The proxy closes the
 * connection once the upload server has given up on the body, so a client that retries at once
 * finds the server free again.
 */
final class DroppingInputStream extends FilterInputStream {

  /** The injected drop; the proxy answers it by closing the connection without a response. */
  static final class ConnectionDropped extends IOException {
    private static final long serialVersionUID = 1L;

    ConnectionDropped() {
      super("connection dropped by an injected fault");
    }
  }

  private final Runnable dropped;
  private long remaining;

  /** @param dropped called when the drop happens */
  DroppingInputStream(InputStream in, long allowed, Runnable dropped) {
    super(in);
    this.remaining = allowed;
    this.dropped = dropped;
  }

  @Override
  public int read() throws IOException {
    checkDrop();
    int b = super.read();
    if (b < 0) {
      throw drop();
    }
    remaining--;
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    checkDrop();
    if (length == 0) {
      return 0;
    }
    int n = super.read(buffer, offset, (int) Math.min(length, remaining));
    if (n < 0) {
      throw drop();
    }
    remaining -= n;
    return n;
  }

  private void checkDrop() throws IOException {
    if (remaining <= 0) {
      throw drop();
    }
  }

  private ConnectionDropped drop() {
    remaining = 0;
    dropped.run();
    return new ConnectionDropped();
  }
}
