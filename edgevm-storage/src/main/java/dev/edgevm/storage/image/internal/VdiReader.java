package dev.edgevm.storage.image.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

/** VirtualBox VDI: the signature sits after a 64-byte text banner; the header gives the disk size. */
final class VdiReader {

    static final int SIGNATURE = 0xbeda107f;
    static final int SIGNATURE_OFFSET = 0x40;

    private VdiReader() {}

    static void read(ImageFile file, ProbedImage image) throws IOException {
        ByteBuffer h = file.littleEndian(0, 0x180);
        image.format = "vdi";
        int type = h.getInt(0x4c);
        image.subformat = type == 2 ? "static" : type == 1 ? "dynamic" : "type " + type;
        // qemu rounds an odd disk size up to whole sectors (VBoxManage can write such sizes).
        image.virtualSize = roundUp(h.getLong(0x170), 512);
        image.clusterSize = h.getInt(0x178);
    }

    static long roundUp(long value, long multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }
}
