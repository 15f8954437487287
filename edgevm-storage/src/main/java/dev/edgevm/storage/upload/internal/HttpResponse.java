package dev.edgevm.storage.upload.internal;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** An HTTP/1.1 response read from a {@link TlsChannel}: status, headers, and up to 64 KiB of body text. */
final class HttpResponse {

    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_BODY = 64 * 1024;

    final int status;
    final Map<String, String> headers;
    final String body;

    private HttpResponse(int status, Map<String, String> headers, String body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** Reads one response, skipping any {@code 100 Continue}; every read waits at most {@code timeout}. */
    static HttpResponse read(Reader in, Duration timeout) throws IOException {
        while (true) {
            HttpResponse head = readHead(in, timeout);
            if (head.status != 100) {
                return new HttpResponse(head.status, head.headers, readBody(in, head.headers, timeout));
            }
        }
    }

    /** Completes a response whose head {@link #readHead} read, by reading its body. */
    static HttpResponse rest(HttpResponse head, Reader in, Duration timeout) throws IOException {
        return new HttpResponse(head.status, head.headers, readBody(in, head.headers, timeout));
    }

    /** Reads a status line and headers only (for the interim answer to {@code Expect: 100-continue}). */
    static HttpResponse readHead(Reader in, Duration timeout) throws IOException {
        String statusLine = in.line(timeout);
        if (statusLine == null) {
            throw new EOFException("the server closed the connection without an answer");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new ProtocolException("not an HTTP/1.x status line: " + abbreviate(statusLine));
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new ProtocolException("not an HTTP status: " + abbreviate(statusLine));
        }
        Map<String, String> headers = new HashMap<>();
        for (String line = in.line(timeout); line != null && !line.isEmpty(); line = in.line(timeout)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return new HttpResponse(status, headers, "");
    }

    private static String readBody(Reader in, Map<String, String> headers, Duration timeout) throws IOException {
        StringBuilder body = new StringBuilder();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (String size = in.line(timeout); size != null; size = in.line(timeout)) {
                int length = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (length == 0) {
                    break;
                }
                body.append(in.text(length, timeout));
                in.line(timeout);
            }
        } else if (headers.containsKey("content-length")) {
            body.append(in.text(Long.parseLong(headers.get("content-length")), timeout));
        } else {
            body.append(in.text(Long.MAX_VALUE, timeout));
        }
        return body.length() > MAX_BODY ? body.substring(0, MAX_BODY) : body.toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    /** Buffered reads of decrypted bytes, bounded so a hostile server cannot make it grow. */
    static final class Reader {
        private final TlsChannel tls;
        private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);

        Reader(TlsChannel tls) {
            this.tls = tls;
            buffer.flip();
        }

        /** A line without its CR LF, or null at the end of the stream. */
        String line(Duration timeout) throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (!buffer.hasRemaining() && !fill(timeout)) {
                    return sb.length() == 0 ? null : sb.toString();
                }
                char c = (char) (buffer.get() & 0xff);
                if (c == '\n') {
                    int end = sb.length() > 0 && sb.charAt(sb.length() - 1) == '\r' ? sb.length() - 1 : sb.length();
                    return sb.substring(0, end);
                }
                if (sb.length() >= MAX_HEAD) {
                    throw new ProtocolException("response header line longer than " + MAX_HEAD + " bytes");
                }
                sb.append(c);
            }
        }

        /** Up to {@code length} bytes as UTF-8 text, keeping at most 64 KiB; fewer at the end of the stream. */
        String text(long length, Duration timeout) throws IOException {
            java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
            long left = length;
            while (left > 0) {
                if (!buffer.hasRemaining() && !fill(timeout)) {
                    break;
                }
                int n = (int) Math.min(left, buffer.remaining());
                int keep = Math.max(0, Math.min(n, MAX_BODY - kept.size()));
                kept.write(buffer.array(), buffer.arrayOffset() + buffer.position(), keep);
                buffer.position(buffer.position() + n);
                left -= n;
            }
            return kept.toString(StandardCharsets.UTF_8);
        }

        private boolean fill(Duration timeout) throws IOException {
            buffer.clear();
            try {
                return tls.read(buffer, timeout) >= 0;
            } finally {
                buffer.flip();
            }
        }
    }
}
