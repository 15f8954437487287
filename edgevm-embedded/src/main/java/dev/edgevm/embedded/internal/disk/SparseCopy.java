package dev.edgevm.embedded.internal.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Copies disk files without filling their holes: a 15 GiB volume with 1 GiB of data stays 1 GiB
 * on disk. Uses {@code cp --sparse=always}, which skips holes without reading them; falls back to
 * a Java copy that skips zero blocks.
 */
public final class SparseCopy {

  private static final int BLOCK = 1024 * 1024;
  private static final Path CP = QemuImg.onPath("cp").orElse(null); // null where cp is not installed

  private SparseCopy() {
  }

  /** Copies every file under {@code from} to the same relative place under {@code to}. */
  public static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (Files.isRegularFile(source)) {
          copyFile(source, target);
        }
      }
    }
  }

  /** Copies one file, replacing the target. */
  public static void copyFile(Path source, Path target) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    Files.deleteIfExists(target);
    if (CP != null) {
      runCp(source, target);
    } else {
      javaCopy(source, target);
    }
  }

  private static void runCp(Path source, Path target) throws IOException {
    Process process = new ProcessBuilder(List.of(CP.toString(), "--sparse=always", source.toString(),
        target.toString())).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    try {
      if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException("cp " + source + " " + target + " failed: " + output);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while copying " + source, e);
    }
  }

  private static void javaCopy(Path source, Path target) throws IOException {
    ByteBuffer block = ByteBuffer.allocate(BLOCK);
    ByteBuffer zeros = ByteBuffer.allocate(BLOCK);
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
        FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long position = 0;
      long size = in.size();
      while (position < size) {
        block.clear();
        int n = in.read(block, position);
        if (n <= 0) {
          break;
        }
        block.flip();
        zeros.clear().limit(n);
        if (block.mismatch(zeros) >= 0) {
          while (block.hasRemaining()) {
            out.write(block, position + block.position());
          }
        }
        position += n;
      }
    }
    try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(target.toFile(), "rw")) {
      raf.setLength(Files.size(source));
    }
  }
}
