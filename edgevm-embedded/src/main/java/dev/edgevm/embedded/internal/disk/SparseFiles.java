package dev.edgevm.embedded.internal.disk;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/** Raw disk files that take no space until written, as CDI's blank images and resizes make them. */
public final class SparseFiles {

  private SparseFiles() {
  }

  /** A new sparse file of exactly {@code size} bytes (replacing any file there). */
  public static void create(Path file, long size) throws IOException {
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    setLength(file, size);
  }

  /** Grows a file to {@code size} bytes without writing data; never shrinks it. */
  public static void extend(Path file, long size) throws IOException {
    if (Files.size(file) < size) {
      setLength(file, size);
    }
  }

  private static void setLength(Path file, long size) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(size);
    }
  }
}
