/**
 * Stateful storage for edgevm: {@link dev.edgevm.storage.EdgeStorage} (reached with
 * {@code EdgeStorage.of(edge)}) gives the node-local volume pool, CDI uploads and CDI's placement;
 * {@link dev.edgevm.storage.StorageConfig} sets them up. With this module on the classpath, VMs
 * with uploaded disks deploy and delete completely through {@code edge.vms()}.
 */
package dev.edgevm.storage;
