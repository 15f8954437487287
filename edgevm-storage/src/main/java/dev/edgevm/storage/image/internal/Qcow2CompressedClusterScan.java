package dev.edgevm.storage.image.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Counts compressed clusters by walking the active L1 table and the L2 tables it points to, as
 * {@code qemu-img check} counts them. Only the tables are read, never guest data; the walk gives up
 * (answers -1, "unknown") past {@link #MAX_TABLE_BYTES} of tables or on an offset outside the file.
 */
final class Qcow2CompressedClusterScan {

    /** Enough for every L2 table of a fully allocated 512 GiB image with 64 KiB clusters. */
    static final long MAX_TABLE_BYTES = 64L * 1024 * 1024;

    private static final long L1_OFFSET_MASK = 0x00fffffffffffe00L;
    private static final long L2_COMPRESSED = 1L << 62;
    private static final int MAX_L1_ENTRIES = 32 * 1024 * 1024;

    private Qcow2CompressedClusterScan() {}

    static long count(ImageFile file, ByteBuffer header, ProbedImage image) throws IOException {
        int l1Size = header.getInt(36);
        long l1Offset = header.getLong(40);
        if (l1Size < 0 || l1Size > MAX_L1_ENTRIES || l1Offset < 0) {
            return -1;
        }
        long l1Bytes = 8L * l1Size;
        if (l1Size == 0) {
            return 0;
        }
        if (l1Offset + l1Bytes > file.size() || l1Bytes > MAX_TABLE_BYTES) {
            return -1;
        }
        int clusterSize = image.clusterSize;
        int entryBytes = image.extendedL2 ? 16 : 8;
        long budget = MAX_TABLE_BYTES - l1Bytes;
        long compressed = 0;
        for (long done = 0; done < l1Bytes; ) {
            int chunk = (int) Math.min(ImageFile.MAX_READ, l1Bytes - done);
            ByteBuffer l1 = file.bigEndian(l1Offset + done, chunk);
            done += chunk;
            while (l1.hasRemaining()) {
                long l2Offset = l1.getLong() & L1_OFFSET_MASK;
                if (l2Offset == 0) {
                    continue;
                }
                if (l2Offset + clusterSize > file.size() || (budget -= clusterSize) < 0) {
                    return -1;
                }
                ByteBuffer l2 = file.bigEndian(l2Offset, clusterSize);
                for (int at = 0; at + 8 <= clusterSize; at += entryBytes) {
                    if ((l2.getLong(at) & L2_COMPRESSED) != 0) {
                        compressed++;
                    }
                }
            }
        }
        return compressed;
    }
}
