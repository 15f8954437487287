package dev.edgevm.core;

import java.time.Duration;
import java.util.Optional;

/**
 * The cluster answered, and the answer was an error: carries the HTTP code, the Kubernetes
 * {@code Status} reason and message, and which object the request was about.
 */
public class ClusterException extends EdgeVmException {

    private final int code;
    private final String reason;
    private final String statusMessage;
    private final ObjectRef object;
    private final Duration retryAfter;

    public ClusterException(String message, int code, String reason, ObjectRef object, Throwable cause) {
        this(message, code, reason, null, object, null, cause);
    }

    public ClusterException(String message, int code, String reason, ObjectRef object, Duration retryAfter, Throwable cause) {
        this(message, code, reason, null, object, retryAfter, cause);
    }

    /**
     * @param statusMessage the {@code Status.message} the server answered with, on its own (the
     *                      exception's message adds what was being done and the HTTP code)
     */
    public ClusterException(String message, int code, String reason, String statusMessage, ObjectRef object,
                            Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.reason = reason;
        this.statusMessage = statusMessage;
        this.object = object;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status code the API server answered with. */
    public int code() {
        return code;
    }

    /** The {@code Status.reason} (e.g. {@code NotFound}, {@code AlreadyExists}), if the server gave one. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** The server's own words, the {@code Status.message} (e.g. {@code VM is not running}), if it gave any. */
    public Optional<String> statusMessage() {
        return Optional.ofNullable(statusMessage);
    }

    /** The object the failed request was about, if known. */
    public Optional<ObjectRef> object() {
        return Optional.ofNullable(object);
    }

    /** How long the server asked to wait before trying again (429, 503), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public boolean retryable() {
        return code >= 500 || code == 429;
    }
}
