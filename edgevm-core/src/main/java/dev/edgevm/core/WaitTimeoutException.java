package dev.edgevm.core;

import java.time.Duration;

/** A wait ran out of time: says what it waited for, the last state it saw and how long it waited. */
public final class WaitTimeoutException extends EdgeVmException {

    private final String awaited;
    private final String lastState;
    private final Duration elapsed;
    private final int attempts;

    public WaitTimeoutException(String awaited, String lastState, Duration elapsed, int attempts) {
        super("Timed out after " + format(elapsed) + " waiting for " + awaited + "; last state seen: " + lastState);
        this.awaited = awaited;
        this.lastState = lastState;
        this.elapsed = elapsed;
        this.attempts = attempts;
    }

    public String awaited() {
        return awaited;
    }

    public String lastState() {
        return lastState;
    }

    public Duration elapsed() {
        return elapsed;
    }

    /** How many observations of the object the wait evaluated. */
    public int attempts() {
        return attempts;
    }

    @Override
    public boolean retryable() {
        return true;
    }

    private static String format(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + "ms" : String.format("%.1fs", d.toMillis() / 1000.0);
    }
}
