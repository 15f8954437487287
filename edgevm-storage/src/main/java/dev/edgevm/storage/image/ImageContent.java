package dev.edgevm.storage.image;

/** What a probed file holds, as far as its first bytes tell. */
public enum ImageContent {
    /** A disk image: one of the recognised formats, or raw data with no other known signature. */
    DISK_IMAGE,
    /** An ISO 9660 (CD/DVD) image; {@code qemu-img} calls it {@code raw}. */
    ISO_IMAGE,
    /** A compressed file or archive (gzip, xz, zstd, bzip2, zip, tar): an image may be inside. */
    ARCHIVE,
    /** A file with a known signature that is not a disk image (an executable, a document, text). */
    NOT_AN_IMAGE
}
