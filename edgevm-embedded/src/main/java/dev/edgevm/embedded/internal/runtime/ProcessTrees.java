package dev.edgevm.embedded.internal.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ends a child process with everything it started, and waits until they are gone: only then may
 * the files they write into be deleted. The descendants are listed before the process is killed;
 * afterwards they would no longer be its descendants.
 */
public final class ProcessTrees {

  /** How long a killed process may take to be reaped; SIGKILL is not refused, so this is ample. */
  private static final long WAIT_SECONDS = 30;

  private ProcessTrees() {
  }

  /**
   * Kills the process and its descendants (SIGKILL) and waits for each to exit. An interrupt does
   * not cut the wait short (the caller is usually being stopped, and its files are deleted next);
   * it is kept for the caller.
   */
  public static void destroy(Process process) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(0, process.toHandle());
    tree.forEach(ProcessHandle::destroyForcibly);
    boolean interrupted = false;
    for (ProcessHandle handle : tree) {
      while (true) {
        try {
          handle.onExit().get(WAIT_SECONDS, TimeUnit.SECONDS);
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException | TimeoutException e) {
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
