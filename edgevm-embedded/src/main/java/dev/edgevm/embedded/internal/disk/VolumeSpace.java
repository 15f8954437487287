package dev.edgevm.embedded.internal.disk;

/**
 * CDI's arithmetic between a volume's size and the image that fits on it after the filesystem
 * overhead (CDIConfig {@code status.filesystemOverhead}); sizes align to 1 MiB as qemu-img does.
 */
public final class VolumeSpace {

  public static final long ALIGNMENT = 1024 * 1024;

  private VolumeSpace() {
  }

  /** The largest image a volume of {@code availableSpace} bytes holds. */
  public static long usable(double filesystemOverhead, long availableSpace) {
    long withoutOverhead = (long) Math.ceil(availableSpace / (1 + filesystemOverhead));
    return withoutOverhead / ALIGNMENT * ALIGNMENT;
  }

  /** The volume size an image of {@code imageSize} bytes needs. */
  public static long required(double filesystemOverhead, long imageSize) {
    long aligned = roundUp(imageSize, ALIGNMENT);
    return (long) Math.ceil(aligned * (1 + filesystemOverhead));
  }

  public static long roundUp(long value, long multiple) {
    return (long) Math.ceil((double) value / multiple) * multiple;
  }
}
