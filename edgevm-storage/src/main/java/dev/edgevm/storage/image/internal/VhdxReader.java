package dev.edgevm.storage.image.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/** VHDX: the region table points at the metadata region, whose items give block size and disk size. */
final class VhdxReader {

    static final String SIGNATURE = "vhdxfile";

    private static final long REGION_TABLE = 192 * 1024;
    private static final int REGION_SIGNATURE = 0x69676572; // "regi"
    private static final UUID METADATA_REGION = UUID.fromString("8b7ca206-4790-4b9a-b8fe-575f050f886e");
    private static final UUID FILE_PARAMETERS = UUID.fromString("caa16737-fa36-4d43-b3b6-33f0aa44e76b");
    private static final UUID VIRTUAL_DISK_SIZE = UUID.fromString("2fa54224-cd1b-4876-b211-5dbed83bf4b8");
    private static final int MAX_ENTRIES = 2047;

    private VhdxReader() {}

    static void read(ImageFile file, ProbedImage image) throws IOException {
        image.format = "vhdx";
        ByteBuffer regions = file.littleEndian(REGION_TABLE, 64 * 1024);
        if (regions.getInt(0) != REGION_SIGNATURE) {
            throw new MalformedImageException("VHDX region table signature missing");
        }
        int count = Math.min(MAX_ENTRIES, regions.getInt(8));
        long metadataOffset = -1;
        for (int i = 0; i < count; i++) {
            int at = 16 + 32 * i;
            if (guid(regions, at).equals(METADATA_REGION)) {
                metadataOffset = regions.getLong(at + 16);
            }
        }
        if (metadataOffset < 0) {
            throw new MalformedImageException("VHDX has no metadata region");
        }
        ByteBuffer meta = file.littleEndian(metadataOffset, 64 * 1024);
        int entries = Math.min(MAX_ENTRIES, meta.getShort(10) & 0xffff);
        for (int i = 0; i < entries; i++) {
            int at = 32 + 32 * i;
            UUID item = guid(meta, at);
            long itemOffset = metadataOffset + (meta.getInt(at + 16) & 0xffffffffL);
            if (item.equals(FILE_PARAMETERS)) {
                ByteBuffer p = file.littleEndian(itemOffset, 8);
                image.clusterSize = p.getInt(0);
                int flags = p.getInt(4);
                image.subformat = (flags & 1) != 0 ? "fixed" : "dynamic";
                if ((flags & 2) != 0) {
                    image.backingFile = "(VHDX parent)";
                }
            } else if (item.equals(VIRTUAL_DISK_SIZE)) {
                image.virtualSize = file.littleEndian(itemOffset, 8).getLong(0);
            }
        }
    }

    // GUIDs are stored with their first three fields little-endian, the last eight bytes as they are.
    private static UUID guid(ByteBuffer b, int at) {
        ByteBuffer le = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long high = ((le.getInt(at) & 0xffffffffL) << 32) | ((le.getShort(at + 4) & 0xffffL) << 16) | (le.getShort(at + 6) & 0xffffL);
        long low = b.duplicate().order(ByteOrder.BIG_ENDIAN).getLong(at + 8);
        return new UUID(high, low);
    }
}
