package dev.edgevm.embedded.internal.disk;

import dev.edgevm.embedded.internal.runtime.ProcessTrees;
import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The real {@code qemu-img}, found on the PATH, run without a shell. */
public final class QemuImg {

  private static final long TIMEOUT_MINUTES = 30;

  private final Path executable;

  private QemuImg(Path executable) {
    this.executable = executable;
  }

  /** qemu-img from the PATH, if installed. */
  public static Optional<QemuImg> find() {
    return onPath("qemu-img").map(QemuImg::new);
  }

  /** The qemu-img at that path. */
  public static QemuImg at(Path executable) {
    return new QemuImg(executable);
  }

  /** An executable of that name in a directory of the PATH. */
  public static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String directory : path.split(File.pathSeparator)) {
      if (directory.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(directory, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  public Path executable() {
    return executable;
  }

  /** {@code qemu-img convert -f <format> -O raw source target}. */
  public void convertToRaw(Path source, DiskImageFormat format, Path target) throws IOException {
    List<String> command = new ArrayList<>(List.of(executable.toString(), "convert", "-t", "writeback"));
    if (format.qemuName() != null) {
      command.addAll(List.of("-f", format.qemuName()));
    }
    command.addAll(List.of("-O", "raw", source.toString(), target.toString()));
    run(command);
  }

  /**
   * Runs qemu-img to its end. Its output goes to a file read afterwards, so that waiting is
   * interruptible: an interrupt (the cluster closing) kills qemu-img and waits until it is gone,
   * so nothing writes into files about to be deleted.
   */
  private static void run(List<String> command) throws IOException {
    Path output = Files.createTempFile("edgevm-qemu-img-", ".log");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      try {
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
          ProcessTrees.destroy(process);
          throw new IOException(String.join(" ", command) + " did not finish in " + TIMEOUT_MINUTES + " minutes");
        }
      } catch (InterruptedException e) {
        ProcessTrees.destroy(process);
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("qemu-img was stopped: the cluster is closing");
      }
      if (process.exitValue() != 0) {
        throw new IOException("qemu-img exited with " + process.exitValue() + ": "
            + new String(Files.readAllBytes(output), StandardCharsets.UTF_8).trim());
      }
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
