package dev.edgevm.embedded.internal.runtime;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Silences the java.util.logging output of the mock web server (a line per request), Vert.x and
 * Netty, so a cluster is quiet on stdout and stderr. The loggers are held here: JUL forgets the
 * level of a logger nobody references.
 */
public final class QuietLogging {

  private static final List<Logger> SILENCED = List.of(
      Logger.getLogger("io.fabric8.mockwebserver"),
      Logger.getLogger("io.vertx"),
      Logger.getLogger("io.netty"));

  private QuietLogging() {
  }

  public static void apply() {
    SILENCED.forEach(logger -> logger.setLevel(Level.OFF));
  }
}
