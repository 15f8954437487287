package dev.edgevm.embedded.internal.jobs;

import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The commands a container may run on the embedded cluster: {@code qemu-img} and a few file
 * utilities by default, more when the cluster's builder allows them. A command is named by its
 * file name (a path such as {@code /usr/bin/qemu-img} names {@code qemu-img}); shells are never
 * allowed, so nothing a container asks for is interpreted by one.
 */
public final class CommandAllowlist {

  public static final Set<String> DEFAULTS = Set.of("qemu-img", "rm", "cp", "mv", "truncate", "dd", "sha256sum",
      "stat", "ls", "mkdir", "sync");
  private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "ash", "zsh", "ksh", "csh", "tcsh", "busybox",
      "env", "xargs", "nohup", "timeout", "sudo", "su");

  private final Set<String> allowed;

  private CommandAllowlist(Set<String> allowed) {
    this.allowed = Collections.unmodifiableSet(new TreeSet<>(allowed));
  }

  public static CommandAllowlist defaults() {
    return new CommandAllowlist(DEFAULTS);
  }

  /**
   * The defaults plus {@code extra}.
   *
   * @throws IllegalArgumentException for a shell or a command that runs other commands, or a name with a slash
   */
  public static CommandAllowlist withExtra(Set<String> extra) {
    for (String command : extra) {
      if (command == null || command.isBlank() || command.contains("/")) {
        throw new IllegalArgumentException("an allowed job command is a plain file name such as \"md5sum\", was \""
            + command + "\"");
      }
      if (SHELLS.contains(command)) {
        throw new IllegalArgumentException("\"" + command + "\" cannot be an allowed job command: it runs other"
            + " commands, and jobs never run through a shell");
      }
    }
    Set<String> all = new TreeSet<>(DEFAULTS);
    all.addAll(extra);
    return new CommandAllowlist(all);
  }

  public Set<String> allowed() {
    return allowed;
  }

  /** Why the executable may not run, or empty when it may. */
  public Optional<String> refusal(String executable) {
    String name = executable.substring(executable.lastIndexOf('/') + 1);
    if (allowed.contains(name)) {
      return Optional.empty();
    }
    String why = SHELLS.contains(name)
        ? "commands never run through a shell on the embedded cluster; run the tool directly"
        : "it is not an allowed command";
    return Optional.of("command \"" + executable + "\" cannot run on the embedded cluster: " + why
        + " (allowed: " + String.join(", ", allowed) + ")");
  }
}
