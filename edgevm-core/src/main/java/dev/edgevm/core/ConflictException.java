package dev.edgevm.core;

/**
 * HTTP 409: the object already exists ({@link #alreadyExists()}), or it changed since it was read
 * and the update could not be re-applied, or the requested transition conflicts with its state
 * (starting a running VM).
 */
public final class ConflictException extends ClusterException {

    public ConflictException(String message, String reason, ObjectRef object, Throwable cause) {
        this(message, reason, null, object, cause);
    }

    /** @param statusMessage the server's {@code Status.message} on its own */
    public ConflictException(String message, String reason, String statusMessage, ObjectRef object, Throwable cause) {
        super(message, 409, reason, statusMessage, object, null, cause);
    }

    public boolean alreadyExists() {
        return "AlreadyExists".equals(reason().orElse(null));
    }
}
