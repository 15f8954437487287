package dev.edgevm.storage.image.internal;

import dev.edgevm.storage.image.Encryption;
import dev.edgevm.storage.image.ImageContent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Decides the format from the file's first bytes the way qemu's probes do (a magic number at a
 * fixed place; anything else is raw), then lets that format's reader fill in the details.
 */
public final class ImageProber {

    private static final int HEAD = 4096;
    private static final long ISO_DESCRIPTOR = 16 * 2048;
    private static final byte[] LUKS_MAGIC = {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe};

    private ImageProber() {}

    /**
     * Probes {@code path}.
     *
     * @throws MalformedImageException when the file has a format's signature but a broken header
     * @throws IOException when the file cannot be read
     */
    public static ProbedImage probe(Path path) throws IOException {
        try (ImageFile file = ImageFile.open(path)) {
            ProbedImage image = new ProbedImage();
            image.fileSize = file.size();
            byte[] head = bytes(file.readAtMost(0, HEAD, ByteOrder.BIG_ENDIAN));
            try {
                readFormat(file, head, image);
            } catch (java.io.EOFException truncated) {
                throw new MalformedImageException("truncated " + image.format + " image: " + truncated.getMessage(), truncated);
            } catch (RuntimeException inconsistent) {
                throw new MalformedImageException("malformed " + image.format + " header (" + inconsistent + ")", inconsistent);
            }
            return image;
        }
    }

    private static void readFormat(ImageFile file, byte[] head, ProbedImage image) throws IOException {
        ByteBuffer be = ByteBuffer.wrap(head).order(ByteOrder.BIG_ENDIAN);
        ByteBuffer le = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        if (head.length >= 72 && be.getInt(0) == Qcow2Reader.MAGIC) {
            if (be.getInt(4) == 1) {
                readQcow1(file, image);
            } else {
                Qcow2Reader.read(file, image);
            }
        } else if (head.length >= 64 && le.getInt(0) == QedReader.MAGIC) {
            QedReader.read(file, image);
        } else if (head.length >= 79 && le.getInt(0) == VmdkReader.SPARSE_MAGIC) {
            VmdkReader.readSparse(file, image);
        } else if (head.length >= 28 && le.getInt(0) == VmdkReader.COWD_MAGIC) {
            VmdkReader.readCowd(file, image);
        } else if (VmdkReader.isDescriptor(head)) {
            VmdkReader.readDescriptor(file, image);
        } else if (startsWith(head, VhdxReader.SIGNATURE)) {
            VhdxReader.read(file, image);
        } else if (head.length >= 0x180 && le.getInt(VdiReader.SIGNATURE_OFFSET) == VdiReader.SIGNATURE) {
            VdiReader.read(file, image);
        } else if (startsWith(head, VpcReader.COOKIE) && head.length >= 512) {
            VpcReader.read(file, image);
        } else if (head.length >= 108 && java.util.Arrays.equals(head, 0, 6, LUKS_MAGIC, 0, 6)) {
            readLuks(file, be, image);
        } else if (head.length >= 44 && (startsWith(head, "WithoutFreeSpace") || startsWith(head, "WithouFreSpacExt"))) {
            image.format = "parallels";
            image.virtualSize = le.getLong(36) * 512;
        } else {
            readRaw(file, head, image);
        }
    }

    private static void readRaw(ImageFile file, byte[] head, ProbedImage image) throws IOException {
        image.format = "raw";
        // qemu reports a raw image's size in whole sectors, rounding a partial last sector up.
        image.virtualSize = VdiReader.roundUp(file.size(), 512);
        String iso = file.ascii(ISO_DESCRIPTOR, 6);
        if (iso != null && iso.startsWith("CD001", 1)) {
            image.content = ImageContent.ISO_IMAGE;
            image.detected = "an ISO 9660 image";
            String label = file.ascii(ISO_DESCRIPTOR + 40, 32);
            image.isoVolumeLabel = label == null ? null : label.strip();
            return;
        }
        ForeignSignatures.classify(head, file.size(), image);
    }

    private static void readQcow1(ImageFile file, ProbedImage image) throws IOException {
        ByteBuffer h = file.bigEndian(0, 48);
        image.format = "qcow";
        image.virtualSize = h.getLong(24);
        image.clusterSize = 1 << (h.get(32) & 0x1f);
        long backingOffset = h.getLong(8);
        int backingSize = h.getInt(16);
        if (backingOffset != 0 && backingSize > 0 && backingSize < 1024) {
            image.backingFile = new String(bytes(file.bigEndian(backingOffset, backingSize)), StandardCharsets.UTF_8);
        }
        if (h.getInt(36) != 0) {
            image.encryption = Encryption.AES;
        }
    }

    // LUKS1: the payload starts at a sector offset given in the header; LUKS2 keeps it in JSON.
    private static void readLuks(ImageFile file, ByteBuffer be, ProbedImage image) {
        image.format = "luks";
        image.encryption = Encryption.LUKS;
        if (be.getShort(6) == 1) {
            long payload = (be.getInt(104) & 0xffffffffL) * 512;
            image.virtualSize = Math.max(0, file.size() - payload);
        }
    }

    private static boolean startsWith(byte[] head, String magic) {
        return head.length >= magic.length()
                && new String(head, 0, magic.length(), StandardCharsets.ISO_8859_1).equals(magic);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
