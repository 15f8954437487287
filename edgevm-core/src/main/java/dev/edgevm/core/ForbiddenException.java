package dev.edgevm.core;

/** HTTP 403: the credentials lack a permission. The message names the verb and resource to grant. */
public final class ForbiddenException extends ClusterException {

    public ForbiddenException(String message, ObjectRef object, Throwable cause) {
        this(message, null, object, cause);
    }

    /** @param statusMessage the server's {@code Status.message} on its own */
    public ForbiddenException(String message, String statusMessage, ObjectRef object, Throwable cause) {
        super(message, 403, "Forbidden", statusMessage, object, null, cause);
    }
}
