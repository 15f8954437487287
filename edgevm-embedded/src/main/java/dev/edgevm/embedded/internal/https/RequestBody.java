package dev.edgevm.embedded.internal.https;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A request body read straight from the connection: fixed length or chunked. Large reads go to
 * the caller's array without an intermediate copy.
 */
final class RequestBody extends InputStream {

  /** What the connection must do before the first byte of the body is read. */
  interface BeforeFirstRead {
    void run() throws IOException;
  }

  private final InputStream in;
  private final long declaredLength;
  private final boolean chunked;
  private final BeforeFirstRead beforeFirstRead;
  private boolean started;
  private long remainingInChunk;
  private boolean finished;
  private long bytesRead;

  RequestBody(InputStream in, long declaredLength, boolean chunked, BeforeFirstRead beforeFirstRead) {
    this.in = in;
    this.declaredLength = chunked ? -1 : declaredLength;
    this.chunked = chunked;
    this.beforeFirstRead = beforeFirstRead;
    this.remainingInChunk = chunked ? 0 : declaredLength;
    this.finished = !chunked && declaredLength == 0;
  }

  long declaredLength() {
    return declaredLength;
  }

  long bytesRead() {
    return bytesRead;
  }

  boolean finished() {
    return finished;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (finished) {
      return -1;
    }
    if (!started) {
      started = true;
      beforeFirstRead.run();
    }
    if (remainingInChunk == 0) {
      if (!chunked || !nextChunk()) {
        finished = true;
        return -1;
      }
    }
    int n = in.read(buffer, offset, (int) Math.min(length, remainingInChunk));
    if (n < 0) {
      throw new EOFException("connection closed with " + (chunked ? "a chunk" : remainingInChunk + " body bytes")
          + " still expected");
    }
    remainingInChunk -= n;
    bytesRead += n;
    if (!chunked && remainingInChunk == 0) {
      finished = true;
    } else if (chunked && remainingInChunk == 0) {
      expectLineEnd();
    }
    return n;
  }

  /** Reads the next chunk header; false after the last chunk and its trailers. */
  private boolean nextChunk() throws IOException {
    String line = readLine();
    int extension = line.indexOf(';');
    String size = (extension < 0 ? line : line.substring(0, extension)).trim();
    long length;
    try {
      length = Long.parseLong(size, 16);
    } catch (NumberFormatException e) {
      throw new IOException("malformed chunk size: " + size);
    }
    if (length < 0) {
      throw new IOException("malformed chunk size: " + size);
    }
    if (length == 0) {
      while (!readLine().isEmpty()) {
        // trailers are ignored
      }
      return false;
    }
    remainingInChunk = length;
    return true;
  }

  private void expectLineEnd() throws IOException {
    if (!readLine().isEmpty()) {
      throw new IOException("malformed chunked body: data longer than its chunk size");
    }
  }

  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("connection closed inside a chunked body");
      }
      if (c == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      if (line.length() > 4096) {
        throw new IOException("chunk header line too long");
      }
      line.append((char) c);
    }
  }

  /** Reads and discards the rest of the body; false if more than {@code limit} bytes remain. */
  boolean drain(long limit) throws IOException {
    if (!chunked && remainingInChunk > limit) {
      return false;
    }
    byte[] scratch = new byte[8192];
    long drained = 0;
    int n;
    while ((n = read(scratch, 0, scratch.length)) >= 0) {
      drained += n;
      if (drained > limit) {
        return false;
      }
    }
    return true;
  }

  static String ascii(byte[] bytes, int length) {
    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
  }
}
