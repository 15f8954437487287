package dev.edgevm.storage.image.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * VMDK in its three shapes: a hosted sparse extent ({@code KDMV}, usually with the descriptor
 * embedded), a legacy COWD extent, and a text descriptor whose data lives in other files.
 */
final class VmdkReader {

    static final int SPARSE_MAGIC = 0x564d444b; // "KDMV" read little-endian
    static final int COWD_MAGIC = 0x44574f43;   // "COWD" read little-endian

    private static final long FLAG_COMPRESSED = 1L << 16;
    private static final int MAX_DESCRIPTOR = 64 * 1024;
    private static final Pattern EXTENT = Pattern.compile(
            "^\\s*(RW|RDONLY|NOACCESS)\\s+(\\d+)\\s+(\\S+)(?:\\s+\"([^\"]*)\")?.*$");
    private static final Pattern KEY_VALUE = Pattern.compile("^\\s*([A-Za-z0-9.]+)\\s*=\\s*\"?([^\"]*)\"?\\s*$");

    private VmdkReader() {}

    /** qemu's test for a descriptor: comments and blank lines, then {@code version=1|2|3}. */
    static boolean isDescriptor(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        for (String line : text.split("\n", -1)) {
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (l.startsWith("#") || l.isBlank()) {
                continue;
            }
            return l.equals("version=1") || l.equals("version=2") || l.equals("version=3");
        }
        return false;
    }

    static void readSparse(ImageFile file, ProbedImage image) throws IOException {
        ByteBuffer h = file.littleEndian(0, 79);
        long flags = h.getInt(8) & 0xffffffffL;
        long capacity = h.getLong(12);
        long grainSectors = h.getLong(20);
        long descriptorOffset = h.getLong(28);
        long descriptorSectors = h.getLong(36);
        image.format = "vmdk";
        image.virtualSize = capacity * 512;
        image.clusterSize = (int) Math.min(Integer.MAX_VALUE, grainSectors * 512);
        image.compressed = (flags & FLAG_COMPRESSED) != 0;
        if (descriptorOffset > 0 && descriptorSectors > 0) {
            int length = (int) Math.min(MAX_DESCRIPTOR, descriptorSectors * 512);
            Descriptor d = parse(file.readAtMost(descriptorOffset * 512, length, java.nio.ByteOrder.LITTLE_ENDIAN));
            image.subformat = d.createType;
            image.backingFile = d.parent;
        }
    }

    static void readCowd(ImageFile file, ProbedImage image) throws IOException {
        ByteBuffer h = file.littleEndian(0, 28);
        image.format = "vmdk";
        image.virtualSize = (h.getInt(12) & 0xffffffffL) * 512;
        image.clusterSize = (int) Math.min(Integer.MAX_VALUE, (h.getInt(16) & 0xffffffffL) * 512);
    }

    static void readDescriptor(ImageFile file, ProbedImage image) throws IOException {
        Descriptor d = parse(file.readAtMost(0, MAX_DESCRIPTOR, java.nio.ByteOrder.LITTLE_ENDIAN));
        image.format = "vmdk";
        image.virtualSize = d.sectors * 512;
        image.subformat = d.createType;
        image.backingFile = d.parent;
        image.extentFiles = List.copyOf(d.files);
    }

    private static final class Descriptor {
        long sectors;
        String createType;
        String parent;
        final List<String> files = new ArrayList<>();
    }

    private static Descriptor parse(ByteBuffer bytes) {
        byte[] b = new byte[bytes.remaining()];
        bytes.get(b);
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        Descriptor d = new Descriptor();
        for (String line : new String(b, 0, end, StandardCharsets.UTF_8).split("\r?\n")) {
            Matcher extent = EXTENT.matcher(line);
            if (extent.matches()) {
                d.sectors += Long.parseLong(extent.group(2));
                if (extent.group(4) != null && !extent.group(3).equals("ZERO")) {
                    d.files.add(extent.group(4));
                }
                continue;
            }
            Matcher kv = KEY_VALUE.matcher(line);
            if (kv.matches()) {
                switch (kv.group(1)) {
                    case "createType" -> d.createType = kv.group(2);
                    case "parentFileNameHint" -> d.parent = kv.group(2);
                    default -> { }
                }
            }
        }
        return d;
    }
}
