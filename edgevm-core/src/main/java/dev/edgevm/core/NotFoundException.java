package dev.edgevm.core;

/** The object a caller named does not exist (HTTP 404). */
public final class NotFoundException extends ClusterException {

    public NotFoundException(String message, ObjectRef object, Throwable cause) {
        this(message, null, object, cause);
    }

    /** @param statusMessage the server's {@code Status.message} on its own */
    public NotFoundException(String message, String statusMessage, ObjectRef object, Throwable cause) {
        super(message, 404, "NotFound", statusMessage, object, null, cause);
    }
}
