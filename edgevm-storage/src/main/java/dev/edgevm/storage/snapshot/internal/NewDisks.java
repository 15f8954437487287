package dev.edgevm.storage.snapshot.internal;

import dev.edgevm.core.ProgressListener;
import dev.edgevm.storage.internal.Rollback;
import dev.edgevm.storage.snapshot.Snapshot;
import java.util.Map;
import java.util.Optional;

/** Makes a snapshot's disks into new claims for a new VM, the way the snapshot's kind allows. */
interface NewDisks {

    /** The claim a new VM's copy of a disk gets. */
    static String claimName(String vm, String disk) {
        return vm + "-" + disk;
    }

    /**
     * Creates a bound claim {@code <newVm>-<disk>} holding each disk of the snapshot, registering on
     * {@code rollback} how to remove it; returns the claims by disk name.
     */
    Map<String, String> create(Snapshot snapshot, String newVm, Rollback rollback, ProgressListener progress);

    /** The node the claims tie a VM to, when they are node-local. */
    Optional<String> node(Snapshot snapshot);
}
