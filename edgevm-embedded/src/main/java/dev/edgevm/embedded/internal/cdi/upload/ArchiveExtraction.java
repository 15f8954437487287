package dev.edgevm.embedded.internal.cdi.upload;

import dev.edgevm.embedded.internal.disk.QemuImg;
import dev.edgevm.embedded.internal.runtime.ProcessTrees;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An upload into a claim of content type {@code archive}: the body is a tar stream that CDI's
 * upload server unpacks into the volume with {@code tar -x} (which refuses absolute and {@code ..}
 * member names and sets links last, so nothing lands outside the volume). Here too.
 */
final class ArchiveExtraction {

  private ArchiveExtraction() {
  }

  /**
   * Unpacks the tar stream into the directory; returns the bytes read.
   *
   * @throws IOException when tar is missing or refuses the stream (its message included)
   */
  static long extract(InputStream body, Path directory) throws IOException {
    Path tar = QemuImg.onPath("tar").orElseThrow(() -> new IOException("tar is not installed on this machine"));
    Files.createDirectories(directory);
    Path output = Files.createTempFile("edgevm-tar-", ".log");
    try {
      Process process = new ProcessBuilder(tar.toString(), "--no-same-owner", "-xC", directory.toString())
          .redirectErrorStream(true).redirectOutput(output.toFile()).start();
      long bytes = 0;
      try (OutputStream in = process.getOutputStream()) {
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = body.read(buffer)) >= 0) {
          in.write(buffer, 0, n);
          bytes += n;
        }
      } catch (IOException e) {
        ProcessTrees.destroy(process);
        throw e;
      }
      try {
        if (process.waitFor() != 0) {
          throw new IOException("error unarchiving to /data: " + new String(Files.readAllBytes(output),
              StandardCharsets.UTF_8).replace(directory.toString(), "/data").trim());
        }
      } catch (InterruptedException e) {
        ProcessTrees.destroy(process);
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("tar was stopped: the cluster is closing");
      }
      return bytes;
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
