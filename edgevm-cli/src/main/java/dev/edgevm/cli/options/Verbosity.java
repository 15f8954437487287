package dev.edgevm.cli.options;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code -v}: the SDK's debug log and the libraries' info log on stderr, and stack traces of
 * errors. The log levels are set for the one command and put back after it, so a later command in
 * the same JVM (tests run many) logs as before; slf4j-simple fixes a logger's level when the logger
 * is first used, so loggers first used during a {@code -v} command keep theirs.
 */
public final class Verbosity {

    private static final Map<String, String> LEVELS = Map.of(
            "org.slf4j.simpleLogger.defaultLogLevel", "info",
            "org.slf4j.simpleLogger.log.dev.edgevm", "debug");

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Log what the SDK does, and print stack traces of errors.")
    boolean verbose;

    public boolean verbose() {
        return verbose;
    }

    /** Sets the log levels while the command runs; closing puts the previous ones back. */
    public Applied apply() {
        if (!verbose) {
            return () -> { };
        }
        Map<String, String> previous = new LinkedHashMap<>();
        LEVELS.forEach((property, level) -> {
            previous.put(property, System.getProperty(property));
            System.setProperty(property, level);
        });
        return () -> previous.forEach((property, value) -> {
            if (value == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, value);
            }
        });
    }

    /** The levels set for one command; {@link #close()} restores the previous ones. */
    @FunctionalInterface
    public interface Applied extends AutoCloseable {
        @Override
        void close();
    }
}
