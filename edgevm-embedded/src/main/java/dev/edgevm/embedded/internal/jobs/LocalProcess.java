package dev.edgevm.embedded.internal.jobs;

import dev.edgevm.embedded.internal.runtime.ProcessTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One container's command run as a process of this machine, without a shell: the executable from
 * the host's PATH, the arguments as given, stdout and stderr together in a log file.
 */
final class LocalProcess {

  private final Process process;

  private LocalProcess(Process process) {
    this.process = process;
  }

  /**
   * Starts the process.
   *
   * @throws IOException when it cannot start
   */
  static LocalProcess start(Path executable, List<String> arguments, Path workingDirectory, Map<String, String> env,
      Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(arguments);
    Files.createDirectories(workingDirectory);
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workingDirectory.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Map<String, String> environment = builder.environment();
    String path = environment.get("PATH");
    environment.clear();
    if (path != null) {
      environment.put("PATH", path);
    }
    environment.put("HOME", workingDirectory.toString());
    environment.putAll(env);
    return new LocalProcess(builder.start());
  }

  /** Waits for the exit code; kills the process and returns -1 when the deadline passes first. */
  int await(long timeoutMillis) throws InterruptedException {
    if (timeoutMillis <= 0) {
      return process.waitFor();
    }
    if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
      kill();
      return -1;
    }
    return process.exitValue();
  }

  /** Kills the process and what it started, and returns once they are gone. */
  void kill() {
    ProcessTrees.destroy(process);
  }
}
