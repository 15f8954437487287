package dev.edgevm.kubevirt.internal;

import dev.edgevm.core.ClusterException;
import dev.edgevm.core.ClusterUnreachableException;
import dev.edgevm.core.ConflictException;
import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.ForbiddenException;
import dev.edgevm.core.NotFoundException;
import dev.edgevm.core.ObjectRef;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import tools.jackson.core.JacksonException;

/** Turns what fabric8 and the API server say into the SDK's exceptions, with the server's own words. */
public final class Errors {

    private Errors() {}

    /** Translates a failure of {@code action} on {@code object}; EdgeVmExceptions pass through unchanged. */
    public static EdgeVmException translate(Throwable failure, String action, ObjectRef object) {
        Throwable t = unwrap(failure);
        if (t instanceof EdgeVmException e) {
            return e;
        }
        JacksonException unreadable = parseFailure(t);
        if (unreadable != null) {
            // Not "no answer": the cluster answered, with JSON that is cut short or of the wrong shape.
            return new EdgeVmException(action + " " + object + " failed: the cluster's answer cannot be read ("
                    + unreadable.getOriginalMessage() + ")", t);
        }
        if (t instanceof KubernetesClientException k) {
            return fromStatus(k.getCode(), k.getStatus(), k.getMessage(), action, object, k);
        }
        if (t instanceof IOException) {
            return new ClusterUnreachableException(action + " " + object + ": no answer from the cluster (" + t.getMessage() + ")", t);
        }
        return new EdgeVmException(action + " " + object + " failed: " + t, t);
    }

    /** Builds the exception for an HTTP error answer, from its code and (possibly absent) {@code Status}. */
    public static EdgeVmException fromStatus(int code, Status status, String fallbackMessage, String action,
                                             ObjectRef object, Throwable cause) {
        if (code <= 0) {
            Throwable io = cause == null ? null : cause.getCause();
            String why = io != null && io.getMessage() != null ? io.getMessage() : fallbackMessage;
            return new ClusterUnreachableException(action + " " + object + ": no answer from the cluster (" + why + ")", cause);
        }
        String reason = status == null ? null : status.getReason();
        String statusMessage = status == null || status.getMessage() == null || status.getMessage().isEmpty() ? null : status.getMessage();
        String serverMessage = statusMessage != null ? statusMessage : fallbackMessage;
        String message = action + " " + object + " failed: " + serverMessage + " (HTTP " + code + (reason == null ? "" : " " + reason) + ")";
        switch (code) {
            case 404:
                return new NotFoundException(message, statusMessage, object, cause);
            case 409:
                return new ConflictException(message, reason == null ? "Conflict" : reason, statusMessage, object, cause);
            case 403:
                return new ForbiddenException(message + "; grant this permission to the credentials in use (see `edgevm rbac`)",
                        statusMessage, object, cause);
            default:
                return new ClusterException(message, code, reason, statusMessage, object, retryAfter(status), cause);
        }
    }

    private static Duration retryAfter(Status status) {
        if (status == null || status.getDetails() == null || status.getDetails().getRetryAfterSeconds() == null) {
            return null;
        }
        return Duration.ofSeconds(status.getDetails().getRetryAfterSeconds());
    }

    /** The JSON parser's failure behind {@code t}, if reading an answer is what failed. */
    private static JacksonException parseFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof JacksonException j) {
                return j;
            }
        }
        return null;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
