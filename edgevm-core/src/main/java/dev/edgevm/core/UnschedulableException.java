package dev.edgevm.core;

/**
 * No node can run the VM: the scheduler's message says why for each node (resources, taints,
 * selectors, volume node affinity). Fixing it takes a change to the spec or to the nodes.
 */
public final class UnschedulableException extends WaitFailedException {

    public UnschedulableException(String awaited, String schedulerMessage) {
        super(awaited, "ErrorUnschedulable", schedulerMessage);
    }
}
