package dev.edgevm.kubevirt;

import java.time.Duration;

/**
 * Named waits on one VM. Each returns as soon as the state holds, driven by watches (no polling),
 * and fails fast with the VM's own reason when it reports a state it will not leave by itself:
 * {@code ErrorUnschedulable} ({@link dev.edgevm.core.UnschedulableException} with the scheduler's
 * message), {@code ErrImagePull} (naming the image), an instance that Failed, a VM that was deleted.
 * A timeout throws {@link dev.edgevm.core.WaitTimeoutException} with the last state seen.
 */
public interface VmWaiter {

    /** The VM runs: printable status Running and its instance in phase Running. */
    WaitResult<VmStatus> running(Duration timeout);

    /** The VM is stopped: printable status Stopped, no instance running. */
    WaitResult<VmStatus> stopped(Duration timeout);

    /** The VM's instance is paused. */
    WaitResult<VmStatus> paused(Duration timeout);

    /** The VM no longer exists. */
    WaitResult<VmStatus> deleted(Duration timeout);

    /** The VM's first NIC has an address; returns it. */
    WaitResult<String> ipAddress(Duration timeout);
}
