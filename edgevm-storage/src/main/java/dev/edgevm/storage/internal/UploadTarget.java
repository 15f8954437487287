package dev.edgevm.storage.internal;

import dev.edgevm.core.Quantity;
import dev.edgevm.storage.pool.ClaimRef;
import dev.edgevm.storage.pool.VolumeOwner;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One image to upload into one DataVolume, as a deploy or a standalone upload asks for it.
 *
 * @param path where problems with it are reported, e.g. {@code disks[root]} (empty for a standalone upload)
 * @param storageClassName the storage class asked for, or null
 * @param nodeName the node asked for its volume, or null
 */
record UploadTarget(String path, String namespace, String dataVolume, Path image, Quantity size, String storageClassName,
                    String nodeName, VolumeOwner owner) {

    /** The storage class asked for; the pool's when absent. */
    Optional<String> storageClass() {
        return Optional.ofNullable(storageClassName);
    }

    /** The node asked for its volume, if any. */
    Optional<String> node() {
        return Optional.ofNullable(nodeName);
    }

    ClaimRef claim() {
        return ClaimRef.of(namespace, dataVolume);
    }

    String at(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
