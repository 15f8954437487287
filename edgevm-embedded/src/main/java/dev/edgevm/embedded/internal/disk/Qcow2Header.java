package dev.edgevm.embedded.internal.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The few fields of a qcow2 header the upload checks read, without needing qemu-img. */
public final class Qcow2Header {

  private static final int HEADER_LENGTH = 48;

  private final long virtualSize;
  private final boolean backingFile;
  private final boolean encrypted;

  private Qcow2Header(long virtualSize, boolean backingFile, boolean encrypted) {
    this.virtualSize = virtualSize;
    this.backingFile = backingFile;
    this.encrypted = encrypted;
  }

  public static Qcow2Header read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH);
      while (header.hasRemaining() && channel.read(header) >= 0) {
        // fill
      }
      if (header.position() < HEADER_LENGTH || header.getInt(0) != 0x514649fb) {
        throw new IOException(file.getFileName() + " is not a qcow2 image");
      }
      long backingFileOffset = header.getLong(8);
      long size = header.getLong(24);
      int cryptMethod = header.getInt(32);
      return new Qcow2Header(size, backingFileOffset != 0, cryptMethod != 0);
    }
  }

  public long virtualSize() {
    return virtualSize;
  }

  public boolean hasBackingFile() {
    return backingFile;
  }

  public boolean encrypted() {
    return encrypted;
  }
}
