package dev.edgevm.core;

/**
 * Root of everything the SDK throws. Unchecked: a caller handles the subclasses it can act on and
 * lets the rest propagate.
 */
public class EdgeVmException extends RuntimeException {

    public EdgeVmException(String message) {
        super(message);
    }

    public EdgeVmException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether trying the same operation again, unchanged, may succeed. */
    public boolean retryable() {
        return false;
    }
}
