package dev.edgevm.embedded.internal.cdi.upload;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The {@code file} part of a {@code multipart/form-data} body, streamed: what CDI's upload server
 * reads on its {@code upload-form} paths. Other parts are skipped.
 */
final class MultipartFilePart extends InputStream {

  private static final int BUFFER = 256 * 1024;

  private final InputStream in;
  private final byte[] delimiter;
  private final byte[] buffer = new byte[BUFFER];
  private int start;
  private int end;
  private boolean inputEnded;
  private boolean partEnded;

  private MultipartFilePart(InputStream in, String boundary) {
    this.in = in;
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    // The first delimiter has no leading line break; pretend it has one.
    buffer[0] = '\r';
    buffer[1] = '\n';
    end = 2;
  }

  /** The stream of the file part, or null when the body has no boundary or no part named "file". */
  static InputStream open(String contentType, InputStream body) throws IOException {
    String boundary = boundary(contentType);
    if (boundary == null) {
      return null;
    }
    MultipartFilePart reader = new MultipartFilePart(body, boundary);
    while (reader.skipPast()) {
      if (reader.nextPartIsFile()) {
        return reader;
      }
    }
    return null;
  }

  private static String boundary(String contentType) {
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      return null;
    }
    for (String parameter : contentType.split(";")) {
      String trimmed = parameter.trim();
      if (trimmed.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        String value = trimmed.substring("boundary=".length());
        return value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
      }
    }
    return null;
  }

  /** Skips the rest of the current part; false when the closing delimiter follows. */
  private boolean skipPast() throws IOException {
    byte[] scratch = new byte[8192];
    while (read(scratch, 0, scratch.length) >= 0) {
      // discard
    }
    consume(delimiter.length);
    if (!ensure(2)) {
      return false;
    }
    boolean closing = buffer[start] == '-' && buffer[start + 1] == '-';
    partEnded = false;
    return !closing;
  }

  /** Reads the headers after a delimiter; true when the part is the form field "file". */
  private boolean nextPartIsFile() throws IOException {
    readLine();
    boolean file = false;
    String line;
    while (!(line = readLine()).isEmpty()) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-disposition:") && lower.contains("name=\"file\"")) {
        file = true;
      }
    }
    return file;
  }

  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      if (!ensure(1)) {
        throw new EOFException("multipart body ended inside part headers");
      }
      byte b = buffer[start++];
      if (b == '\n') {
        int length = line.length();
        return length > 0 && line.charAt(length - 1) == '\r' ? line.substring(0, length - 1) : line.toString();
      }
      if (line.length() > 8192) {
        throw new IOException("multipart part header too long");
      }
      line.append((char) (b & 0xff));
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] target, int offset, int length) throws IOException {
    if (partEnded) {
      return -1;
    }
    ensure(delimiter.length);
    int found = indexOfDelimiter();
    int available = found >= 0 ? found - start : Math.max(0, end - start - (delimiter.length - 1));
    if (found == start) {
      partEnded = true;
      return -1;
    }
    if (available == 0) {
      if (inputEnded) {
        throw new EOFException("multipart body ended without its closing delimiter");
      }
      compactAndFill();
      return read(target, offset, length);
    }
    int n = Math.min(length, available);
    System.arraycopy(buffer, start, target, offset, n);
    start += n;
    return n;
  }

  private int indexOfDelimiter() {
    int last = end - delimiter.length;
    outer:
    for (int i = start; i <= last; i++) {
      if (buffer[i] != '\r') {
        continue;
      }
      for (int j = 1; j < delimiter.length; j++) {
        if (buffer[i + j] != delimiter[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private void consume(int count) throws IOException {
    if (!ensure(count)) {
      throw new EOFException("multipart body ended inside a delimiter");
    }
    start += count;
  }

  /** Makes at least {@code count} bytes available unless the input ends first. */
  private boolean ensure(int count) throws IOException {
    while (end - start < count && !inputEnded) {
      compactAndFill();
    }
    return end - start >= count;
  }

  private void compactAndFill() throws IOException {
    if (start > 0) {
      System.arraycopy(buffer, start, buffer, 0, end - start);
      end -= start;
      start = 0;
    }
    int n = in.read(buffer, end, buffer.length - end);
    if (n < 0) {
      inputEnded = true;
    } else {
      end += n;
    }
  }
}
