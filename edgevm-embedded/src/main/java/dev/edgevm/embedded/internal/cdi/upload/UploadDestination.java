package dev.edgevm.embedded.internal.cdi.upload;

import dev.edgevm.embedded.internal.disk.VolumeSpace;
import java.nio.file.Path;

/**
 * The volumes an upload pod writes to, as mounted in CDI's upload pod: the claim's volume at
 * {@code /data} and the scratch volume at {@code /scratch}, here as directories of a node.
 *
 * @param dataDirectory the claim's volume; the disk lands in {@code disk.img} there
 * @param scratchDirectory the scratch claim's volume, where images to convert are staged
 * @param requestedSize the claim's requested storage, in bytes
 * @param volumeCapacity the capacity of the volume bound to the claim, in bytes
 * @param filesystemOverhead the fraction CDIConfig reserves for the filesystem on this storage class
 * @param archive whether the claim's content type is {@code archive}: a tar to unpack, not a disk
 */
public record UploadDestination(Path dataDirectory, Path scratchDirectory, long requestedSize, long volumeCapacity,
    double filesystemOverhead, boolean archive) {

  public static final String DISK_IMAGE = "disk.img";
  /** The name CDI's importer gives an image staged in scratch space. */
  public static final String SCRATCH_IMAGE = "tmpimage";

  public Path diskImage() {
    return dataDirectory.resolve(DISK_IMAGE);
  }

  public Path scratchImage() {
    return scratchDirectory.resolve(SCRATCH_IMAGE);
  }

  /** The largest disk the volume holds: CDI's usable space of min(capacity, request). */
  public long usableSpace() {
    return VolumeSpace.usable(filesystemOverhead, Math.min(volumeCapacity, requestedSize));
  }
}
