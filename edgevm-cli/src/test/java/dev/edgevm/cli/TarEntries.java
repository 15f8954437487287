package dev.edgevm.cli;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the regular files of a ustar archive held in memory (enough for test tarballs). */
final class TarEntries {

    private TarEntries() {}

    static Map<String, byte[]> read(byte[] tar) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        int at = 0;
        while (at + 512 <= tar.length && tar[at] != 0) {
            String name = text(tar, at, 100);
            String prefix = text(tar, at + 345, 155);
            long size = Long.parseLong(text(tar, at + 124, 12).trim().isEmpty() ? "0" : text(tar, at + 124, 12).trim(), 8);
            byte type = tar[at + 156];
            int data = at + 512;
            if (type == '0' || type == 0) {
                byte[] content = new byte[(int) size];
                System.arraycopy(tar, data, content, 0, (int) size);
                files.put(prefix.isEmpty() ? name : prefix + "/" + name, content);
            }
            at = data + (int) ((size + 511) / 512 * 512);
        }
        return files;
    }

    private static String text(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.US_ASCII);
    }
}
