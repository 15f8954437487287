package dev.edgevm.embedded.internal.cdi.upload;

import dev.edgevm.embedded.internal.disk.DiskImageFormat;
import dev.edgevm.embedded.internal.disk.QemuImg;
import dev.edgevm.embedded.internal.disk.Qcow2Header;
import dev.edgevm.embedded.internal.disk.SparseFiles;
import dev.edgevm.embedded.internal.disk.StreamToFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;

/**
 * CDI's data processing for an upload, in its order: stream the data in (raw straight to
 * {@code disk.img}, other formats to scratch space), check the image fits the volume, convert to
 * raw with qemu-img, and grow the raw disk to the usable size of the volume.
 */
public final class ImageProcessor {

  private final StreamToFile streamToFile;
  private final QemuImg qemuImg; // null when qemu-img is not installed

  public ImageProcessor(StreamToFile streamToFile, Optional<QemuImg> qemuImg) {
    this.streamToFile = streamToFile;
    this.qemuImg = qemuImg.orElse(null);
  }

  /** The data as received, before conversion and resizing. */
  public record Received(DiskImageFormat format, Path file, long bytes) {
  }

  /** Streams the body to its place: {@code disk.img} for raw data, the scratch image otherwise. */
  public Received receive(InputStream body, UploadDestination destination, LongConsumer progress)
      throws IOException, ImageRejectedException {
    byte[] head = body.readNBytes(DiskImageFormat.SNIFF_LENGTH);
    DiskImageFormat format = DiskImageFormat.detect(head, head.length);
    InputStream data = body;
    if (format == DiskImageFormat.GZIP) {
      data = new GZIPInputStream(new SequenceInputStream(new ByteArrayInputStream(head), body), 64 * 1024);
      head = data.readNBytes(DiskImageFormat.SNIFF_LENGTH);
      format = DiskImageFormat.detect(head, head.length);
    }
    if (format == DiskImageFormat.XZ || format == DiskImageFormat.GZIP) {
      throw new ImageRejectedException("unsupported compression: xz and nested gzip streams are not handled");
    }
    Path target = format.needsConversion() ? destination.scratchImage() : destination.diskImage();
    Files.createDirectories(destination.dataDirectory());
    Files.createDirectories(target.getParent());
    try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      long bytes = streamToFile.copy(ByteBuffer.wrap(head), data, out, progress);
      return new Received(format, target, bytes);
    }
  }

  /** Validates, converts and resizes what {@link #receive} stored. */
  public ProcessedImage process(Received received, UploadDestination destination)
      throws IOException, ImageRejectedException {
    long usable = destination.usableSpace();
    boolean conversionSkipped = false;
    if (received.format() == DiskImageFormat.QCOW2) {
      Qcow2Header header = Qcow2Header.read(received.file());
      if (header.hasBackingFile()) {
        throw new ImageRejectedException("Image " + received.file() + " is invalid because it has invalid backing file");
      }
      checkFits(header.virtualSize(), usable);
    }
    if (received.format().needsConversion()) {
      if (qemuImg != null) {
        qemuImg.convertToRaw(received.file(), received.format(), destination.diskImage());
        Files.deleteIfExists(received.file());
      } else {
        Files.move(received.file(), destination.diskImage(), StandardCopyOption.REPLACE_EXISTING);
        conversionSkipped = true;
      }
    }
    Path disk = destination.diskImage();
    if (!conversionSkipped) {
      checkFits(Files.size(disk), usable);
      SparseFiles.extend(disk, Math.min(usable, destination.requestedSize()));
    }
    return new ProcessedImage(received.bytes(), received.format(), conversionSkipped, Files.size(disk));
  }

  private static void checkFits(long virtualSize, long usable) throws ImageRejectedException {
    if (virtualSize > usable) {
      throw new ImageRejectedException(true, "virtual image size " + virtualSize
          + " is larger than the reported available storage " + usable + ". A larger PVC is required");
    }
  }

  /** The data cannot become a disk on this volume (CDI answers 400 for size, 500 otherwise). */
  public static final class ImageRejectedException extends Exception {

    private static final long serialVersionUID = 1L;
    private final boolean noCapacity;

    ImageRejectedException(String message) {
      this(false, message);
    }

    ImageRejectedException(boolean noCapacity, String message) {
      super(message, null, false, false);
      this.noCapacity = noCapacity;
    }

    public boolean noCapacity() {
      return noCapacity;
    }
  }
}
