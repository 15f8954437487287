package dev.edgevm.core;

import java.util.Objects;

/**
 * One reason a spec is invalid: where ({@code path}, e.g. {@code networks[sriov-net].gateway}) and
 * why. The message never contains a secret; the rejected value is shown only when it is safe to.
 */
public final class Violation {

    private final String path;
    private final String message;

    private Violation(String path, String message) {
        this.path = Objects.requireNonNull(path, "path");
        this.message = Objects.requireNonNull(message, "message");
    }

    public static Violation of(String path, String message) {
        return new Violation(path, message);
    }

    /** The field path, relative to the spec that was built. */
    public String path() {
        return path;
    }

    /** Why the value was rejected, and what a valid one looks like. */
    public String message() {
        return message;
    }

    /** This violation as seen from an enclosing spec: {@code prefix + "." + path}. */
    public Violation under(String prefix) {
        return new Violation(path.isEmpty() ? prefix : prefix + "." + path, message);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Violation v && v.path.equals(path) && v.message.equals(message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, message);
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
