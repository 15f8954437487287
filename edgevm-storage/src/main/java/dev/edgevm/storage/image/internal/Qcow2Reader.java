package dev.edgevm.storage.image.internal;

import dev.edgevm.storage.image.Encryption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Reads the qcow2 header (versions 2 and 3) and its extensions, as qemu's qcow2 driver lays them out. */
final class Qcow2Reader {

    static final int MAGIC = 0x514649fb; // "QFI\xfb"

    private static final int V2_HEADER_LENGTH = 72;
    private static final int EXT_END = 0;
    private static final int EXT_BACKING_FORMAT = 0xe2792aca;
    private static final int EXT_DATA_FILE = 0x44415441;
    private static final long INCOMPAT_DIRTY = 1;
    private static final long INCOMPAT_CORRUPT = 1 << 1;
    private static final long INCOMPAT_DATA_FILE = 1 << 2;
    private static final long INCOMPAT_COMPRESSION = 1 << 3;
    private static final long INCOMPAT_EXTL2 = 1 << 4;
    private static final long INCOMPAT_KNOWN = INCOMPAT_DIRTY | INCOMPAT_CORRUPT | INCOMPAT_DATA_FILE
            | INCOMPAT_COMPRESSION | INCOMPAT_EXTL2;
    private static final int MAX_EXTENSIONS_BYTES = 64 * 1024;
    private static final int MAX_NAME = 1023; // qemu's limit for backing file names

    private Qcow2Reader() {}

    static void read(ImageFile file, ProbedImage image) throws IOException {
        ByteBuffer h = file.bigEndian(0, V2_HEADER_LENGTH);
        int version = h.getInt(4);
        long backingOffset = h.getLong(8);
        int backingSize = h.getInt(16);
        int clusterBits = h.getInt(20);
        image.format = "qcow2";
        image.virtualSize = h.getLong(24);
        int cryptMethod = h.getInt(32);
        if (clusterBits < 9 || clusterBits > 21) {
            throw new MalformedImageException("qcow2 cluster bits " + clusterBits + " out of range 9..21");
        }
        image.clusterSize = 1 << clusterBits;
        image.encryption = switch (cryptMethod) {
            case 0 -> null;
            case 1 -> Encryption.AES;
            case 2 -> Encryption.LUKS;
            default -> throw new MalformedImageException("unknown qcow2 encryption method " + cryptMethod);
        };
        image.compressionType = "zlib";
        int headerLength = V2_HEADER_LENGTH;
        if (version == 2) {
            image.compat = "0.10";
            image.refcountOrder = 4;
        } else if (version == 3) {
            image.compat = "1.1";
            ByteBuffer v3 = file.bigEndian(0, 104);
            long incompatible = v3.getLong(72);
            long compatible = v3.getLong(80);
            image.refcountOrder = v3.getInt(96);
            headerLength = v3.getInt(100);
            image.dirty = (incompatible & INCOMPAT_DIRTY) != 0;
            image.corrupt = (incompatible & INCOMPAT_CORRUPT) != 0;
            image.extendedL2 = (incompatible & INCOMPAT_EXTL2) != 0;
            image.unknownIncompatibleFeatures = incompatible & ~INCOMPAT_KNOWN;
            image.lazyRefcounts = (compatible & 1) != 0;
            if (headerLength > 104) {
                int type = file.bigEndian(104, 1).get(0) & 0xff;
                image.compressionType = switch (type) {
                    case 0 -> "zlib";
                    case 1 -> "zstd";
                    default -> "unknown(" + type + ")";
                };
            }
            if ((incompatible & INCOMPAT_DATA_FILE) != 0 && image.dataFile == null) {
                image.dataFile = ""; // named by a header extension, read below
            }
        } else {
            throw new MalformedImageException("unsupported qcow2 version " + version);
        }
        readExtensions(file, image, headerLength, backingOffset);
        if (backingOffset != 0 && backingSize > 0) {
            if (backingSize > MAX_NAME) {
                throw new MalformedImageException("qcow2 backing file name of " + backingSize + " bytes is too long");
            }
            image.backingFile = string(file.bigEndian(backingOffset, backingSize));
        }
        image.compressedClusters = Qcow2CompressedClusterScan.count(file, h, image);
        image.compressed = image.compressedClusters < 0 ? null : image.compressedClusters > 0;
    }

    // Header extensions follow the header, each 8-byte aligned, until the end marker; they end
    // before the backing file name when there is one, and within the first cluster otherwise.
    private static void readExtensions(ImageFile file, ProbedImage image, int start, long backingOffset) throws IOException {
        long limit = backingOffset != 0 ? backingOffset : image.clusterSize;
        int length = (int) Math.min(MAX_EXTENSIONS_BYTES, Math.max(0, limit - start));
        ByteBuffer ext = file.readAtMost(start, length, java.nio.ByteOrder.BIG_ENDIAN);
        while (ext.remaining() >= 8) {
            int type = ext.getInt();
            int len = ext.getInt();
            if (type == EXT_END || len < 0 || len > ext.remaining()) {
                return;
            }
            byte[] data = new byte[len];
            ext.get(data);
            if (type == EXT_BACKING_FORMAT) {
                image.backingFormat = string(ByteBuffer.wrap(data));
            } else if (type == EXT_DATA_FILE) {
                image.dataFile = string(ByteBuffer.wrap(data));
            }
            int padding = (8 - len % 8) % 8;
            if (padding > ext.remaining()) {
                return;
            }
            ext.position(ext.position() + padding);
        }
    }

    private static String string(ByteBuffer bytes) {
        byte[] b = new byte[bytes.remaining()];
        bytes.get(b);
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }
}
