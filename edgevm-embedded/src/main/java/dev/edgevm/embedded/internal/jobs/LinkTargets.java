package dev.edgevm.embedded.internal.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Where a path of this machine leads once every symbolic link on its way is followed, as the
 * kernel would when a command opens it, including a last link that points at nothing yet (a
 * command writing there would create its target).
 */
final class LinkTargets {

  /** Linux gives up after 40 links too (ELOOP). */
  private static final int MAX_LINKS = 40;

  private LinkTargets() {
  }

  /**
   * @param path an absolute path
   * @throws IOException when links loop or cannot be read
   */
  static Path follow(Path path) throws IOException {
    Path root = path.getRoot();
    Path current = root;
    Deque<String> remaining = new ArrayDeque<>();
    path.forEach(name -> remaining.addLast(name.toString()));
    int links = 0;
    while (!remaining.isEmpty()) {
      String name = remaining.pollFirst();
      if (name.equals(".") || name.isEmpty()) {
        continue;
      }
      if (name.equals("..")) {
        current = current.getParent() == null ? current : current.getParent();
        continue;
      }
      Path next = current.resolve(name);
      if (!Files.isSymbolicLink(next)) {
        current = next;
        continue;
      }
      if (++links > MAX_LINKS) {
        throw new IOException("too many levels of symbolic links at " + path);
      }
      Path target = Files.readSymbolicLink(next);
      Deque<String> targetNames = new ArrayDeque<>();
      target.forEach(part -> targetNames.addLast(part.toString()));
      while (!targetNames.isEmpty()) {
        remaining.addFirst(targetNames.pollLast());
      }
      if (target.isAbsolute()) {
        current = root;
      }
    }
    return current;
  }
}
