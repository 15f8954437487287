package dev.edgevm.storage.pool;

import dev.edgevm.core.EdgeVmException;

/** Every volume of a node's pool is taken. Not retryable: free volumes or allow more per node. */
public final class NodeFullException extends EdgeVmException {

    private final String node;
    private final int limit;

    public NodeFullException(String node, int limit, String firstPath, String lastPath) {
        super("node " + node + " has no free volume: all " + limit + " volumes of its local pool (" + firstPath + " to "
                + lastPath + ") are in use; release volumes of deleted VMs (EdgeStorage.pool().usage() shows owners and"
                + " Released volumes), choose another node, or raise maxVolumesPerNode");
        this.node = node;
        this.limit = limit;
    }

    public String node() {
        return node;
    }

    /** The node's maximum number of volumes. */
    public int limit() {
        return limit;
    }
}
