package dev.edgevm.kubevirt;

/** What a deploy or apply changed. */
public enum DeployOutcome {
    /** The VM and what it needs were created. */
    CREATED,
    /** Everything already existed exactly as specified and was adopted; nothing was written. */
    UNCHANGED,
    /**
     * The VM existed with another spec and {@code apply} replaced it; or it existed with this spec
     * but its cloud-init Secret had gone or been changed, and was written again.
     */
    UPDATED
}
