package dev.edgevm.embedded.internal.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's view of files mapped onto this machine: each volume mount ({@code /data} from
 * hostPath {@code /var/vd/vol3}) is a directory of the node, and everything else lands in a
 * directory of the container's own, so a command never touches the machine outside the cluster.
 * Paths are normalized first, so {@code ..} climbs within the container's view as it would in a
 * container and never past its root; symbolic links, which the kernel resolves on this machine and
 * not in the container's view, must stay inside the container's directory or its volumes.
 */
final class ContainerFilesystem {

  /** One mount: a container path backed by a host directory. */
  record Mount(String mountPath, Path hostDirectory) {
  }

  /** {@code if=}, {@code --output=}: an option name, then a value that may be a path. */
  private static final Pattern NAME_EQUALS = Pattern.compile("(-{0,2}[A-Za-z0-9_.-]+=).*", Pattern.DOTALL);
  /** {@code json:}, {@code nbd:}, {@code file:}: qemu-img opens these by protocol, not as files. */
  private static final Pattern PROTOCOL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:");

  private final List<Mount> mounts;
  private final Path root;

  /** @param root the directory standing for the container's own filesystem */
  ContainerFilesystem(List<Mount> mounts, Path root) {
    List<Mount> sorted = new ArrayList<>(mounts);
    sorted.sort(Comparator.comparingInt((Mount m) -> m.mountPath().length()).reversed());
    this.mounts = sorted;
    this.root = root;
  }

  /** The host path for an absolute container path. */
  Path map(String containerPath) {
    String normalized = normalize(containerPath);
    for (Mount mount : mounts) {
      String mountPath = normalize(mount.mountPath());
      if (normalized.equals(mountPath)) {
        return mount.hostDirectory();
      }
      String prefix = mountPath.equals("/") ? "/" : mountPath + "/";
      if (normalized.startsWith(prefix)) {
        return inside(mount.hostDirectory(), normalized.substring(prefix.length()), containerPath);
      }
    }
    return inside(root, normalized.substring(1), containerPath);
  }

  private static Path inside(Path base, String relative, String original) {
    Path resolved = base.resolve(relative).normalize();
    if (!resolved.startsWith(base)) {
      throw new IllegalArgumentException("path " + original + " leaves its volume");
    }
    return resolved;
  }

  private static String normalize(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("not an absolute path: " + path);
    }
    String text = Path.of(path).normalize().toString();
    while (text.startsWith("/..")) {
      text = text.length() == 3 ? "/" : text.substring(3);
    }
    return text.length() > 1 && text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  /** Text (a log) with host paths turned back into the container paths they stand for. */
  String unmap(String text) {
    String result = text;
    List<Mount> byHostLength = new ArrayList<>(mounts);
    byHostLength.sort(Comparator.comparingInt((Mount m) -> m.hostDirectory().toString().length()).reversed());
    for (Mount mount : byHostLength) {
      result = result.replace(mount.hostDirectory().toString(), normalize(mount.mountPath()));
    }
    return result.replace(root.toString() + "/", "/").replace(root.toString(), "/");
  }

  /**
   * The command line with container paths replaced by host paths, or why it may not run. Path
   * arguments are those holding a {@code /} (or being {@code .} or {@code ..}), whole or as the value
   * of {@code name=path} and {@code --name=path} (as {@code dd if=/data/disk.img} writes them);
   * relative ones are taken from the working directory, as in the container, and every one is
   * passed as the absolute host path it stands for. Other arguments pass unchanged, but one that
   * names an existing entry of the working directory is checked too. A path whose symbolic links
   * lead outside the container's directory and volumes, a value holding a path among other
   * values ({@code size=1G,backing_file=/x}) and a protocol prefix ({@code json:}, {@code nbd:}) are refused:
   * the command would reach files of this machine through them.
   *
   * @param workingDirectory the container's working directory, an absolute container path
   * @throws PathNotAllowedException naming the first such argument
   */
  MappedArguments mapArguments(List<String> arguments, String workingDirectory) throws PathNotAllowedException {
    List<Path> roots = confinedRoots();
    Path hostWorkingDirectory = map(workingDirectory);
    List<String> mapped = new ArrayList<>(arguments.size());
    List<Path> paths = new ArrayList<>();
    for (String argument : arguments) {
      Matcher option = NAME_EQUALS.matcher(argument);
      String prefix = option.matches() ? option.group(1) : "";
      String value = argument.substring(prefix.length());
      if (PROTOCOL.matcher(value).lookingAt()) {
        throw new PathNotAllowedException("argument \"" + argument + "\" names a protocol (\""
            + value.substring(0, value.indexOf(':') + 1) + "\"); the embedded cluster runs commands on files only");
      }
      if (!isPath(value)) {
        Path entry = hostWorkingDirectory.resolve(value);
        if (!value.isEmpty() && Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
          confine(argument, entry, roots);
        }
        mapped.add(argument);
        continue;
      }
      if (value.contains(",")) {
        // qemu-img reads "size=1G,backing_file=/x" as options, one of them a path of its own
        throw new PathNotAllowedException("argument \"" + argument + "\" holds a path among other values (',');"
            + " the embedded cluster maps only whole paths into the container");
      }
      Path host = map(value.startsWith("/") ? value : workingDirectory + "/" + value);
      confine(argument, host, roots);
      paths.add(host);
      mapped.add(prefix + host);
    }
    return new MappedArguments(mapped, paths);
  }

  /**
   * The host directory of an absolute container working directory.
   *
   * @throws PathNotAllowedException when its links lead outside the container's files
   */
  Path workingDirectory(String containerPath) throws PathNotAllowedException {
    Path host = map(containerPath);
    confine(containerPath, host, confinedRoots());
    return host;
  }

  /** A command line mapped onto this machine, and the host paths its path arguments stand for. */
  record MappedArguments(List<String> arguments, List<Path> paths) {
  }

  private static boolean isPath(String value) {
    return value.contains("/") || value.equals(".") || value.equals("..");
  }

  private static void confine(String argument, Path host, List<Path> roots) throws PathNotAllowedException {
    Path target;
    try {
      target = LinkTargets.follow(host);
    } catch (IOException e) {
      throw new PathNotAllowedException("path \"" + argument + "\" cannot be followed: " + e.getMessage());
    }
    if (roots.stream().noneMatch(target::startsWith)) {
      throw new PathNotAllowedException("path \"" + argument + "\" leads outside the container's files and"
          + " volumes through a symbolic link");
    }
  }

  /** The container's directory and its volumes as they really are (their own paths may hold links). */
  private List<Path> confinedRoots() throws PathNotAllowedException {
    List<Path> roots = new ArrayList<>();
    try {
      Files.createDirectories(root);
      roots.add(root.toRealPath());
      for (Mount mount : mounts) {
        if (Files.isDirectory(mount.hostDirectory())) {
          roots.add(mount.hostDirectory().toRealPath());
        }
      }
    } catch (IOException e) {
      throw new PathNotAllowedException("the container's directories cannot be prepared: " + e.getMessage());
    }
    return roots;
  }
}
