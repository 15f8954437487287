package dev.edgevm.storage.image.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * VHD ("vpc" to qemu) with the footer copy at the start, i.e. dynamic and differencing disks. A
 * fixed VHD has its footer only at the end and qemu's probe calls it raw, so does this one.
 */
final class VpcReader {

    static final String COOKIE = "conectix";

    // Creators whose size field is authoritative; for the rest qemu derives the size from CHS geometry.
    private static final Set<String> SIZE_CREATORS = Set.of("win ", "qem2", "d2v ", "CTXS", "tap\0");
    private static final long MAX_GEOMETRY = 65535L * 16 * 255;
    private static final int TYPE_FIXED = 2;
    private static final int TYPE_DIFFERENCING = 4;

    private VpcReader() {}

    static void read(ImageFile file, ProbedImage image) throws IOException {
        ByteBuffer f = file.bigEndian(0, 512);
        image.format = "vpc";
        String creator = new String(f.array(), 28, 4, StandardCharsets.ISO_8859_1);
        long currentSize = f.getLong(48);
        long chsSectors = (f.getShort(56) & 0xffffL) * (f.get(58) & 0xff) * (f.get(59) & 0xff);
        boolean useSize = SIZE_CREATORS.contains(creator) || chsSectors == MAX_GEOMETRY;
        image.virtualSize = useSize ? currentSize / 512 * 512 : chsSectors * 512;
        int type = f.getInt(60);
        image.subformat = type == TYPE_FIXED ? "fixed" : type == TYPE_DIFFERENCING ? "differencing" : "dynamic";
        long dynamicHeader = f.getLong(16);
        if (type != TYPE_FIXED && dynamicHeader > 0 && dynamicHeader + 1024 <= file.size()) {
            ByteBuffer d = file.bigEndian(dynamicHeader, 1024);
            image.clusterSize = d.getInt(32);
            if (type == TYPE_DIFFERENCING) {
                String parent = new String(d.array(), 64, 512, StandardCharsets.UTF_16BE);
                int nul = parent.indexOf('\0');
                image.backingFile = nul >= 0 ? parent.substring(0, nul) : parent;
            }
        }
    }
}
