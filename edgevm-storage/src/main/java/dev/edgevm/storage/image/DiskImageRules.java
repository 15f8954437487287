package dev.edgevm.storage.image;

import dev.edgevm.core.Violations;
import java.util.List;
import java.util.Set;

/**
 * What a probed file must be to become a VM's disk through CDI or inside a container disk: a disk
 * image (not an archive, an executable or text), in an accepted format, whole (no backing file, no
 * data in other files), readable (not encrypted, not marked corrupt). Every problem is added to
 * the given {@link Violations} under {@code imagePath}, naming the file and the fix.
 */
public final class DiskImageRules {

    private static final Set<String> DECOMPRESSED_BY_CDI = Set.of("gzip-compressed data", "xz-compressed data", "zstd-compressed data");

    private DiskImageRules() {}

    /**
     * Checks {@code info}; {@code formatsNote} says which formats the destination takes (for the message).
     *
     * @return whether the image's virtual size means anything (it is an image worth sizing)
     */
    public static boolean check(DiskImageInfo info, Set<String> acceptedFormats, String formatsNote, Violations v) {
        String file = "'" + info.file().getFileName() + "'";
        String name = info.file().getFileName().toString();
        if (info.fileSize() == 0) {
            v.add("imagePath", file + " is empty (0 bytes), not a disk image");
            return false;
        }
        switch (info.content()) {
            case NOT_AN_IMAGE -> {
                v.add("imagePath", file + " is " + info.detected().orElse("not a disk image") + ", not a disk image");
                return false;
            }
            case ARCHIVE -> {
                v.add("imagePath", archiveProblem(file, info.detected().orElse("an archive")));
                return false;
            }
            default -> { }
        }
        if (info.encrypted()) {
            v.add("imagePath", file + " is encrypted (" + info.encryption().orElseThrow().qemuName()
                    + ") and cannot be read without its secret: write a decrypted copy with qemu-img convert"
                    + " (giving the secret) and use that");
        } else if (!acceptedFormats.contains(info.format())) {
            v.add("imagePath", file + " is a " + info.format() + " image and " + formatsNote
                    + ": convert it first (qemu-img convert -O qcow2 " + name + " disk.qcow2)");
        }
        if (info.format().equals("raw") && info.fileSize() % 512 != 0) {
            v.add("imagePath", file + " has " + info.fileSize() + " bytes, not a whole number of 512-byte sectors:"
                    + " a raw disk image never has a partial sector, so this is not one (or it is truncated)");
        }
        info.backingFile().ifPresent(backing -> v.add("imagePath", file + " is an overlay on the backing file '" + backing
                + "', which would be missing: flatten it first (qemu-img convert -O qcow2 " + name + " flat.qcow2)"));
        if (!info.selfContained()) {
            List<String> others = info.dataFile().map(List::of).orElse(info.extentFiles());
            v.add("imagePath", file + " keeps its data in other files " + others
                    + ": convert it to a single file first (qemu-img convert -O qcow2 " + name + " disk.qcow2)");
        }
        if (info.corrupt()) {
            v.add("imagePath", file + " is marked corrupt: repair it with qemu-img check -r all, or convert it to a new image");
        }
        if (info.unknownIncompatibleFeatures() != 0) {
            v.add("imagePath", file + " uses qcow2 features unknown to this check (incompatible bits 0x"
                    + Long.toHexString(info.unknownIncompatibleFeatures()) + "), which an older qemu-img may not read:"
                    + " convert it with qemu-img convert -O qcow2 -o compat=1.1");
        }
        return true;
    }

    private static String archiveProblem(String file, String detected) {
        if (DECOMPRESSED_BY_CDI.contains(detected)) {
            String tool = detected.startsWith("gzip") ? "gunzip" : detected.startsWith("xz") ? "xz -d" : "zstd -d";
            return file + " is " + detected + ": the image inside cannot be checked (format, backing file, encryption,"
                    + " size) without decompressing it, so it is not used as is; decompress it first (" + tool
                    + "), or for a smaller file convert it to a compressed qcow2 (qemu-img convert -c -O qcow2 IMAGE disk.qcow2)";
        }
        return file + " is " + detected + ", not a disk image: extract the disk image from it and use that";
    }
}
