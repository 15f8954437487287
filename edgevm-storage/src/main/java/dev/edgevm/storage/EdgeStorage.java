package dev.edgevm.storage;

import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.storage.cdi.Cdi;
import dev.edgevm.storage.pool.VolumePool;
import dev.edgevm.storage.snapshot.Snapshots;
import dev.edgevm.storage.upload.Uploads;
import java.util.function.Consumer;

/**
 * Stateful storage on the cluster: the node-local volume pool, CDI image uploads, and CDI's
 * placement. With this module on the classpath, {@code edge.vms().deploy(spec)} of a spec with an
 * {@code UploadedDisk} allocates its volumes, creates the DataVolume, uploads the image and then
 * creates the VM; {@code vm.delete(DeleteOptions.defaults().purgeStorage(true))} removes the
 * DataVolume, the claims, the volumes and the disk file on the node.
 *
 * <pre>{@code
 * EdgeStorage storage = EdgeStorage.of(edge);
 * storage.uploads().upload("centos-dv", Path.of("CentOS-7.qcow2"), Quantity.parse("15Gi"), UploadOptions.defaults());
 * storage.pool().usage().byOwner();
 * storage.cdi().tolerate(NodeTaint.of("cmk", "NoSchedule"));
 * }</pre>
 *
 * <p>One instance per {@link EdgeVm}; thread-safe. Settings changed with {@link #configure} apply
 * to every operation started afterwards, deploys included.
 */
public interface EdgeStorage {

    static EdgeStorage of(EdgeVm edge) {
        return edge.adapt(EdgeStorage.class);
    }

    VolumePool pool();

    Uploads uploads();

    Cdi cdi();

    /** Snapshots of VM disks, restores and exports, in the EdgeVm's namespace. */
    Snapshots snapshots();

    StorageConfig config();

    /** Replaces the settings. */
    EdgeStorage configure(StorageConfig config);

    /**
     * Changes some settings, keeping the others.
     *
     * @throws dev.edgevm.core.InvalidSpecException listing every bad setting
     */
    EdgeStorage configure(Consumer<StorageConfig.Builder> changes);
}
