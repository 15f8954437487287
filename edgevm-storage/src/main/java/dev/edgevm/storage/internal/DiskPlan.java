package dev.edgevm.storage.internal;

import dev.edgevm.core.Quantity;
import dev.edgevm.storage.image.FilesystemOverhead;
import java.util.Optional;

/**
 * How one upload will be done, decided before anything is created.
 *
 * @param pooled whether its volume comes from the node-local pool (else the class's provisioner makes it)
 * @param pooledScratch whether CDI's scratch claim also takes a pool volume (CDIConfig may name another class for scratch)
 * @param nodeName the node of its local volume (pooled only, else null)
 * @param volumeCapacity the capacity of its pool volumes: the claim CDI will create, rounded up to 1 MiB
 * @param format the image's format, as the probe found it
 */
record DiskPlan(UploadTarget target, String storageClass, boolean pooled, boolean pooledScratch, FilesystemOverhead overhead,
                String nodeName, Quantity volumeCapacity, String format) {

    /** The node of its local volume; empty for classes with a provisioner. */
    Optional<String> node() {
        return Optional.ofNullable(nodeName);
    }

    DiskPlan onNode(String chosen) {
        return new DiskPlan(target, storageClass, pooled, pooledScratch, overhead, chosen, volumeCapacity, format);
    }
}
