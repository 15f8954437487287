package dev.edgevm.storage.snapshot;

/** Where a snapshot is in its life. */
public enum SnapshotPhase {

    /** Being taken (or its taking was interrupted: delete it and take it again). */
    IN_PROGRESS,

    /** Complete and usable for restores and exports. */
    READY,

    /** Taking it failed; {@link Snapshot#error()} says why. Delete it. */
    FAILED
}
