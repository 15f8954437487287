package dev.edgevm.storage.pool;

/**
 * One node's share of the pool: its limit, the volumes in use (bound or pre-bound to a claim),
 * those Released (holding data no claim uses, waiting to be wiped), and how many are free.
 */
public record NodeUsage(String node, int limit, int inUse, int released, int free) {

    @Override
    public String toString() {
        return node + ": " + inUse + " in use, " + released + " released, " + free + " free of " + limit;
    }
}
