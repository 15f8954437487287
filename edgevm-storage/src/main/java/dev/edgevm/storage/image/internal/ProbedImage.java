package dev.edgevm.storage.image.internal;

import dev.edgevm.storage.image.Encryption;
import dev.edgevm.storage.image.ImageContent;

/**
 * What the format readers found, filled in as they go. Plain fields on purpose: it lives only
 * inside one probe and is turned into the immutable public {@code DiskImageInfo} at the end.
 */
public final class ProbedImage {

    public ImageContent content = ImageContent.DISK_IMAGE;
    /** The format as {@code qemu-img info} names it. */
    public String format = "raw";
    /** What the file is when it is not a disk image, e.g. "an ELF executable". */
    public String detected;
    public long fileSize;
    public long virtualSize;
    public int clusterSize;
    public String subformat;
    public String backingFile;
    public String backingFormat;
    public Encryption encryption;
    public String compressionType;
    /** Compressed clusters (qcow2) counted by the L2 scan; -1 when not counted. */
    public long compressedClusters = -1;
    /** Whether any data is stored compressed; null when unknown. */
    public Boolean compressed = Boolean.FALSE;
    public String compat;
    public int refcountOrder = -1;
    public boolean dirty;
    public boolean corrupt;
    public boolean lazyRefcounts;
    public boolean extendedL2;
    public long unknownIncompatibleFeatures;
    /** A qcow2 external data file: the guest data is not in this file. */
    public String dataFile;
    /** Other files that hold the data (a VMDK descriptor's extents); empty for a self-contained image. */
    public java.util.List<String> extentFiles = java.util.List.of();
    public String isoVolumeLabel;
}
