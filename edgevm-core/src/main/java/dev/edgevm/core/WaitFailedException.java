package dev.edgevm.core;

/**
 * A wait stopped early because the object reported a state it will not recover from by itself
 * (e.g. a VMI phase Failed, ErrImagePull). Carries the object's own reason and message.
 */
public class WaitFailedException extends EdgeVmException {

    private final String awaited;
    private final String reason;
    private final String detail;

    public WaitFailedException(String awaited, String reason, String detail) {
        super("Gave up waiting for " + awaited + ": " + reason + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.awaited = awaited;
        this.reason = reason;
        this.detail = detail;
    }

    public String awaited() {
        return awaited;
    }

    /** The machine-readable reason, e.g. {@code ErrorUnschedulable}, {@code ErrImagePull}. */
    public String reason() {
        return reason;
    }

    /** The object's own message, e.g. the scheduler's {@code 0/3 nodes are available: ...}. */
    public String detail() {
        return detail;
    }
}
