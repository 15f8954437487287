package dev.edgevm.storage.image;

import dev.edgevm.storage.image.internal.ProbedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What {@link DiskImages#probe(Path)} found in a file's headers: the format and virtual size as
 * {@code qemu-img info} reports them, and the details that decide whether the file can be uploaded
 * or wrapped as a container disk (backing file, encryption, compression, data in other files).
 */
public final class DiskImageInfo {

    private final Path file;
    private final ProbedImage p;

    DiskImageInfo(Path file, ProbedImage probed) {
        this.file = file;
        this.p = probed;
    }

    public Path file() {
        return file;
    }

    /** The format as {@code qemu-img info} names it: raw, qcow2, vmdk, vhdx, vdi, vpc, qed, qcow, luks, parallels. */
    public String format() {
        return p.format;
    }

    /** What the file holds; a file qemu-img calls raw may still be an archive, an ISO or no image at all. */
    public ImageContent content() {
        return p.content;
    }

    /** What the file was recognised as when it is not a plain disk image, e.g. "an ELF executable". */
    public Optional<String> detected() {
        return Optional.ofNullable(p.detected);
    }

    public boolean isIso() {
        return p.content == ImageContent.ISO_IMAGE;
    }

    /** The ISO 9660 volume label, for an ISO. */
    public Optional<String> isoVolumeLabel() {
        return Optional.ofNullable(p.isoVolumeLabel);
    }

    /** The size of the disk the guest sees, in bytes, as {@code qemu-img info}'s {@code virtual-size}. */
    public long virtualSize() {
        return p.virtualSize;
    }

    /** The size of the file itself, in bytes (sparse regions counted). */
    public long fileSize() {
        return p.fileSize;
    }

    /** The cluster (qcow2, qed), grain (vmdk) or block (vhdx, vdi, vpc) size, when the format has one. */
    public OptionalInt clusterSize() {
        return p.clusterSize > 0 ? OptionalInt.of(p.clusterSize) : OptionalInt.empty();
    }

    /** A format variant: vmdk's createType, vpc/vhdx fixed or dynamic, vdi static or dynamic. */
    public Optional<String> subformat() {
        return Optional.ofNullable(p.subformat);
    }

    /** The backing file this image is an overlay of, as written in its header. */
    public Optional<String> backingFile() {
        return Optional.ofNullable(p.backingFile);
    }

    /** The backing file's format, when the header records it. */
    public Optional<String> backingFormat() {
        return Optional.ofNullable(p.backingFormat);
    }

    public Optional<Encryption> encryption() {
        return Optional.ofNullable(p.encryption);
    }

    public boolean encrypted() {
        return p.encryption != null;
    }

    /** The qcow2 v3 header's compression type ({@code zlib} or {@code zstd}); qcow2 v2 is always zlib. */
    public Optional<String> compressionType() {
        return Optional.ofNullable(p.compressionType);
    }

    /**
     * Whether any data is stored compressed (qcow2 compressed clusters, a streamOptimized vmdk);
     * empty when the bounded scan of the qcow2 tables could not tell.
     */
    public Optional<Boolean> compressed() {
        return Optional.ofNullable(p.compressed);
    }

    /** How many qcow2 clusters are compressed, as {@code qemu-img check} counts them; empty when not counted. */
    public OptionalLong compressedClusters() {
        return p.compressedClusters >= 0 ? OptionalLong.of(p.compressedClusters) : OptionalLong.empty();
    }

    /** qcow2's compatibility level as qemu-img prints it: {@code 0.10} (version 2) or {@code 1.1} (version 3). */
    public Optional<String> compat() {
        return Optional.ofNullable(p.compat);
    }

    /** qcow2's refcount order (refcount bits = 2^order). */
    public OptionalInt refcountOrder() {
        return p.refcountOrder >= 0 ? OptionalInt.of(p.refcountOrder) : OptionalInt.empty();
    }

    /** The image was not closed cleanly (qcow2 dirty bit, qed need-check); qemu repairs it on open. */
    public boolean dirty() {
        return p.dirty;
    }

    /** qcow2's corrupt bit: qemu refuses to write it until {@code qemu-img check -r} repairs it. */
    public boolean corrupt() {
        return p.corrupt;
    }

    public boolean lazyRefcounts() {
        return p.lazyRefcounts;
    }

    public boolean extendedL2() {
        return p.extendedL2;
    }

    /** qcow2 incompatible feature bits this probe does not know; non-zero means a newer qemu wrote it. */
    public long unknownIncompatibleFeatures() {
        return p.unknownIncompatibleFeatures;
    }

    /** A qcow2 external data file: the guest's data is in that file, not in this one. */
    public Optional<String> dataFile() {
        return Optional.ofNullable(p.dataFile);
    }

    /** Other files holding the data (the extents of a VMDK descriptor); empty for a self-contained image. */
    public List<String> extentFiles() {
        return p.extentFiles;
    }

    /** Whether all of the guest's data is in this one file. */
    public boolean selfContained() {
        return p.dataFile == null && p.extentFiles.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file.getFileName() + ": " + format());
        subformat().ifPresent(s -> sb.append(" (").append(s).append(')'));
        detected().ifPresent(d -> sb.append(", ").append(d));
        sb.append(", virtual size ").append(virtualSize()).append(" bytes");
        backingFile().ifPresent(b -> sb.append(", backing file ").append(b));
        encryption().ifPresent(e -> sb.append(", encrypted (").append(e.qemuName()).append(')'));
        compressed().filter(c -> c).ifPresent(c -> sb.append(", compressed"));
        if (corrupt()) {
            sb.append(", corrupt");
        }
        return sb.toString();
    }
}
