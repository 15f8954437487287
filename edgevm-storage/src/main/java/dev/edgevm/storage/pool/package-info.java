/**
 * The node-local volume pool: PersistentVolumes on {@code <base>/<prefix>N} of each node, made on
 * demand, pre-bound to the claim that will use them, labelled with node, number, owner and role
 * ({@link dev.edgevm.storage.pool.PoolLabels}), handed out by the API server's name uniqueness,
 * wiped on their node and deleted on release.
 */
package dev.edgevm.storage.pool;
