package dev.edgevm.storage.snapshot.internal;

import dev.edgevm.core.Progress;
import dev.edgevm.core.ProgressListener;
import dev.edgevm.kubevirt.EdgeVmLabels;
import dev.edgevm.storage.internal.Rollback;
import dev.edgevm.storage.pool.ClaimRef;
import dev.edgevm.storage.pool.PoolVolume;
import dev.edgevm.storage.pool.VolumeOwner;
import dev.edgevm.storage.pool.VolumePool;
import dev.edgevm.storage.pool.VolumeRequest;
import dev.edgevm.storage.pool.VolumeRole;
import dev.edgevm.storage.snapshot.Snapshot;
import dev.edgevm.storage.snapshot.SnapshotDisk;
import dev.edgevm.storage.snapshot.SnapshotLabels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Node-local disks for a new VM: per disk a fresh pool volume on the snapshot's node (owned by the
 * new VM, pre-bound to its claim), {@code qemu-img convert} of the snapshot file into it there, and
 * the claim on exactly that volume.
 */
final class LocalNewDisks implements NewDisks {

    private final VolumePool pool;
    private final DiskCopies copies;
    private final Claims claims;
    private final Map<String, String> directories;

    /** @param directories the directory of each disk's snapshot volume, by disk name */
    LocalNewDisks(VolumePool pool, DiskCopies copies, Claims claims, Map<String, String> directories) {
        this.pool = pool;
        this.copies = copies;
        this.claims = claims;
        this.directories = directories;
    }

    @Override
    public Map<String, String> create(Snapshot snapshot, String newVm, Rollback rollback, ProgressListener progress) {
        String namespace = snapshot.namespace();
        String operation = "restore of snapshot " + namespace + "/" + snapshot.name() + " as VM " + newVm;
        Map<String, String> made = new LinkedHashMap<>();
        for (SnapshotDisk disk : snapshot.disks()) {
            String claim = NewDisks.claimName(newVm, disk.disk());
            VolumeRequest.Builder request = VolumeRequest.builder()
                    .node(disk.node().orElseThrow())
                    .owner(VolumeOwner.of(namespace, newVm))
                    .role(VolumeRole.DATA)
                    .claim(ClaimRef.of(namespace, claim))
                    .label(SnapshotLabels.RESTORED_FROM, snapshot.name());
            disk.virtualSize().ifPresent(size -> request.size(dev.edgevm.core.Quantity.ofBytes(size)));
            PoolVolume volume = pool.allocate(request.build());
            rollback.done("volume " + volume.name(), () -> Claims.release(pool, List.of(volume)));
            progress.onProgress(Progress.step(operation, "copying", "qemu-img convert -f qcow2 -O raw " + volume.node() + ":"
                    + directories.get(disk.disk()) + " into " + volume.name()));
            copies.toDisk(namespace, volume.node(), directories.get(disk.disk()), volume.path());
            Map<String, String> labels = Map.of(EdgeVmLabels.MANAGED_BY, EdgeVmLabels.MANAGED_BY_VALUE, EdgeVmLabels.VM, newVm);
            Map<String, String> notes = Map.of(Claims.CONTENT_TYPE, "kubevirt", SnapshotLabels.RESTORED_FROM, snapshot.name());
            rollback.done("claim " + claim, () -> claims.delete(namespace, claim));
            claims.createOn(namespace, claim, volume.name(), pool.config().storageClass(),
                    new io.fabric8.kubernetes.api.model.Quantity(volume.capacity().orElseThrow().toString()),
                    List.of("ReadWriteOnce"), "Filesystem", labels, notes);
            progress.onProgress(Progress.step(operation, "claim", claim + " on " + volume.name()));
            made.put(disk.disk(), claim);
        }
        return made;
    }

    @Override
    public Optional<String> node(Snapshot snapshot) {
        return snapshot.disks().stream().map(SnapshotDisk::node).flatMap(Optional::stream).findFirst();
    }
}
