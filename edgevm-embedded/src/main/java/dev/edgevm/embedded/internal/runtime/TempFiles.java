package dev.edgevm.embedded.internal.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Temporary directories of a cluster, deleted with everything in them when it closes. */
public final class TempFiles implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TempFiles.class);

  private final List<Path> roots = new ArrayList<>();

  public synchronized Path createDirectory(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      roots.add(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
  }

  @Override
  public synchronized void close() {
    for (Path root : roots) {
      try {
        deleteTree(root);
      } catch (IOException e) {
        LOG.warn("cannot delete {}", root, e);
      }
    }
    roots.clear();
  }

  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
