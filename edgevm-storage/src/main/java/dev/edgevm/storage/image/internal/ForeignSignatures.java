package dev.edgevm.storage.image.internal;

import dev.edgevm.storage.image.ImageContent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Recognises files that {@code qemu-img} would happily call "raw" but that are not disk images:
 * archives, executables, documents, pictures and text. Looks only at the first bytes.
 */
final class ForeignSignatures {

    private record Signature(int offset, byte[] magic, ImageContent content, String description) {}

    private static final List<Signature> SIGNATURES = List.of(
            sig(0, "1f8b", ImageContent.ARCHIVE, "gzip-compressed data"),
            sig(0, "fd377a585a00", ImageContent.ARCHIVE, "xz-compressed data"),
            sig(0, "28b52ffd", ImageContent.ARCHIVE, "zstd-compressed data"),
            sig(0, "425a68", ImageContent.ARCHIVE, "bzip2-compressed data"),
            sig(0, "504b0304", ImageContent.ARCHIVE, "a zip archive"),
            sig(0, "377abcaf271c", ImageContent.ARCHIVE, "a 7-zip archive"),
            sig(257, "7573746172", ImageContent.ARCHIVE, "a tar archive"),
            sig(0, "7f454c46", ImageContent.NOT_AN_IMAGE, "an ELF executable"),
            sig(0, "4d5a", ImageContent.NOT_AN_IMAGE, "a Windows/DOS executable"),
            sig(0, "cafebabe", ImageContent.NOT_AN_IMAGE, "a Java class file or Mach-O binary"),
            sig(0, "255044462d", ImageContent.NOT_AN_IMAGE, "a PDF document"),
            sig(0, "89504e470d0a1a0a", ImageContent.NOT_AN_IMAGE, "a PNG picture"),
            sig(0, "ffd8ff", ImageContent.NOT_AN_IMAGE, "a JPEG picture"),
            sig(0, "47494638", ImageContent.NOT_AN_IMAGE, "a GIF picture"),
            sig(0, "edabeedb", ImageContent.NOT_AN_IMAGE, "an RPM package"),
            sig(0, "213c617263683e", ImageContent.NOT_AN_IMAGE, "a Debian package or ar archive"));

    private ForeignSignatures() {}

    /** Fills in content and description if {@code head} (the file's first bytes) is not a disk image. */
    static void classify(byte[] head, long fileSize, ProbedImage image) {
        for (Signature s : SIGNATURES) {
            if (startsWith(head, s.offset, s.magic)) {
                image.content = s.content;
                image.detected = s.description;
                return;
            }
        }
        if (fileSize > 0 && isText(head, (int) Math.min(head.length, fileSize))) {
            image.content = ImageContent.NOT_AN_IMAGE;
            image.detected = "a text file" + textKind(head);
        }
    }

    // Text: no NUL and no control characters other than tab, newline, carriage return, form feed
    // and escape, in valid UTF-8. A disk image's first sector (boot code, zeros, a partition table) never is.
    private static boolean isText(byte[] head, int length) {
        int checked = Math.min(length, 4096);
        for (int i = 0; i < checked; i++) {
            int c = head[i] & 0xff;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b) {
                return false;
            }
            if (c == 0x7f) {
                return false;
            }
        }
        return validUtf8(head, checked);
    }

    private static boolean validUtf8(byte[] b, int length) {
        int i = 0;
        while (i < length) {
            int c = b[i] & 0xff;
            int more = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : -1;
            if (more < 0) {
                return false;
            }
            for (int k = 1; k <= more; k++) {
                if (i + k >= length) {
                    return true; // cut in the middle of a character by the read limit
                }
                if ((b[i + k] & 0xc0) != 0x80) {
                    return false;
                }
            }
            i += more + 1;
        }
        return true;
    }

    private static String textKind(byte[] head) {
        String start = new String(head, 0, Math.min(head.length, 256), StandardCharsets.UTF_8).stripLeading();
        if (start.startsWith("ssh-") || start.startsWith("ecdsa-sha2-") || start.startsWith("sk-")) {
            return " (an SSH public key)";
        }
        if (start.startsWith("-----BEGIN")) {
            return " (a PEM key or certificate)";
        }
        if (start.startsWith("#cloud-config")) {
            return " (cloud-init user data)";
        }
        if (start.startsWith("---") || start.startsWith("apiVersion:") || start.matches("(?s)^[A-Za-z0-9_-]+:\\s.*")) {
            return " (YAML)";
        }
        if (start.startsWith("{") || start.startsWith("[")) {
            return " (JSON)";
        }
        if (start.startsWith("#!")) {
            return " (a script)";
        }
        return "";
    }

    private static boolean startsWith(byte[] head, int offset, byte[] magic) {
        if (head.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (head[offset + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static Signature sig(int offset, String hex, ImageContent content, String description) {
        byte[] magic = new byte[hex.length() / 2];
        for (int i = 0; i < magic.length; i++) {
            magic[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return new Signature(offset, magic, content, description);
    }
}
