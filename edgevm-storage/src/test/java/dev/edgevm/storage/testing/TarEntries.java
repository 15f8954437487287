package dev.edgevm.storage.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a tar stream (ustar, with PAX extended headers) into its entries: name, mode, owner, size,
 * type, and either the bytes (small entries) or their SHA-256 (all entries). Written here so the
 * test does not trust the library that wrote the tar.
 */
public final class TarEntries {

    public record Entry(String name, int mode, int uid, int gid, long size, char type, String sha256, byte[] smallContent) {}

    private TarEntries() {}

    public static List<Entry> read(InputStream in) throws IOException {
        List<Entry> entries = new ArrayList<>();
        Map<String, String> pax = new LinkedHashMap<>();
        byte[] header = new byte[512];
        while (in.readNBytes(header, 0, 512) == 512) {
            if (isZero(header)) {
                break;
            }
            String name = text(header, 0, 100);
            String prefix = text(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            int mode = (int) octal(header, 100, 8);
            int uid = (int) octal(header, 108, 8);
            int gid = (int) octal(header, 116, 8);
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            if (type == 'x') {
                pax.putAll(paxRecords(new String(content(in, size, Long.MAX_VALUE).small, StandardCharsets.UTF_8)));
                continue;
            }
            if (pax.containsKey("path")) {
                name = pax.get("path");
            }
            if (pax.containsKey("size")) {
                size = Long.parseLong(pax.get("size"));
            }
            if (pax.containsKey("uid")) {
                uid = Integer.parseInt(pax.get("uid"));
            }
            if (pax.containsKey("gid")) {
                gid = Integer.parseInt(pax.get("gid"));
            }
            pax.clear();
            Content c = content(in, size, 16 << 20);
            entries.add(new Entry(name, mode, uid, gid, size, type == 0 ? '0' : type, c.sha256, c.small));
        }
        return entries;
    }

    private record Content(String sha256, byte[] small) {}

    private static Content content(InputStream in, long size, long keepUpTo) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("tar entry truncated");
            }
            sha.update(buffer, 0, n);
            if (size <= keepUpTo) {
                kept.write(buffer, 0, n);
            }
            left -= n;
        }
        long padding = (512 - size % 512) % 512;
        in.skipNBytes(padding);
        return new Content(HexFormat.of().formatHex(sha.digest()), size <= keepUpTo ? kept.toByteArray() : null);
    }

    private static Map<String, String> paxRecords(String text) {
        Map<String, String> records = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            int space = text.indexOf(' ', i);
            int length = Integer.parseInt(text.substring(i, space));
            String record = text.substring(space + 1, i + length - 1);
            int eq = record.indexOf('=');
            records.put(record.substring(0, eq), record.substring(eq + 1));
            i += length;
        }
        return records;
    }

    private static String text(byte[] b, int offset, int length) {
        int end = offset;
        while (end < offset + length && b[end] != 0) {
            end++;
        }
        return new String(b, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int offset, int length) {
        if ((b[offset] & 0x80) != 0) { // base-256 for large values
            long v = b[offset] & 0x7f;
            for (int i = 1; i < length; i++) {
                v = (v << 8) | (b[offset + i] & 0xff);
            }
            return v;
        }
        String s = text(b, offset, length).trim();
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
