package dev.edgevm.storage.image.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** QED, qemu's retired enhanced disk format: little-endian header with size and backing file. */
final class QedReader {

    static final int MAGIC = 0x00444551; // "QED\0" read little-endian

    private static final long FEATURE_BACKING_FILE = 1;
    private static final long FEATURE_NEED_CHECK = 2;
    private static final long FEATURE_BACKING_RAW = 4;

    private QedReader() {}

    static void read(ImageFile file, ProbedImage image) throws IOException {
        ByteBuffer h = file.littleEndian(0, 64);
        image.format = "qed";
        image.clusterSize = h.getInt(4);
        long features = h.getLong(16);
        image.virtualSize = h.getLong(48);
        image.dirty = (features & FEATURE_NEED_CHECK) != 0;
        if ((features & FEATURE_BACKING_FILE) != 0) {
            long offset = h.getInt(56) & 0xffffffffL;
            int size = Math.min(1023, h.getInt(60));
            ByteBuffer name = file.littleEndian(offset, size);
            image.backingFile = new String(name.array(), name.arrayOffset(), size, StandardCharsets.UTF_8);
            if ((features & FEATURE_BACKING_RAW) != 0) {
                image.backingFormat = "raw";
            }
        }
    }
}
