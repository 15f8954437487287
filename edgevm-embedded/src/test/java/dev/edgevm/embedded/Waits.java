package dev.edgevm.embedded;

import java.time.Duration;

/**
 * How long tests wait for the cluster to reach a state: generous, so that a loaded machine is
 * slow but not failing; a test that waits this long has found a real hang.
 */
public final class Waits {

  public static final long SECONDS = 60;
  public static final Duration DEFAULT = Duration.ofSeconds(SECONDS);

  private Waits() {
  }
}
