package dev.edgevm.storage.snapshot.internal;

import dev.edgevm.core.ConflictException;
import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.Progress;
import dev.edgevm.core.ProgressListener;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.internal.Rollback;
import dev.edgevm.storage.pool.ClaimRef;
import dev.edgevm.storage.pool.PoolVolume;
import dev.edgevm.storage.pool.VolumeOwner;
import dev.edgevm.storage.pool.VolumePool;
import dev.edgevm.storage.pool.VolumeRequest;
import dev.edgevm.storage.pool.VolumeRole;
import dev.edgevm.storage.snapshot.Snapshot;
import dev.edgevm.storage.snapshot.SnapshotLabels;
import dev.edgevm.storage.snapshot.SnapshotOptions;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Takes a node-local snapshot: for each disk, a snapshot volume on the disk's node (labelled with
 * the snapshot, In progress), a Job there converting {@code disk.img} to {@code snapshot.qcow2},
 * then a Job checking the file (checksum, size, qemu-img info), whose results complete the record.
 * The VM is held stopped (or paused) only for the conversions. A failure wipes and frees the
 * volumes made.
 */
final class LocalTake {

    private final ClusterAccess cluster;
    private final VolumePool pool;
    private final LocalRecords records;
    private final DiskCopies copies;
    private final VmGuard guard;
    private final VmDefinitions definitions;

    LocalTake(ClusterAccess cluster, VolumePool pool, LocalRecords records, DiskCopies copies, VmGuard guard) {
        this.definitions = new VmDefinitions(cluster);
        this.cluster = cluster;
        this.pool = pool;
        this.records = records;
        this.copies = copies;
        this.guard = guard;
    }

    /** The claim a snapshot volume is reserved for: no claim of this name exists except while the volume is exported. */
    static ClaimRef reservedClaim(String namespace, String snapshot, String disk) {
        return ClaimRef.of(namespace, "snapshot-" + snapshot + "-" + disk);
    }

    Snapshot take(VirtualMachine vm, List<VmDisks.Disk> disks, String name, SnapshotOptions options, ProgressListener progress) {
        String namespace = vm.getMetadata().getNamespace();
        String vmName = vm.getMetadata().getName();
        String operation = "snapshot " + namespace + "/" + name + " of VM " + vmName;
        Rollback rollback = new Rollback(operation);
        List<PoolVolume> volumes = new ArrayList<>();
        try {
            VmGuard.Hold hold = guard.forSnapshot(namespace, vmName, options.pausedOk());
            try {
                if (hold.crashConsistent()) {
                    progress.onProgress(Progress.step(operation, "paused", "the guest is paused for the copy (crash-consistent)"));
                }
                String definition = definitions.record(namespace, vmName);
                for (VmDisks.Disk disk : disks) {
                    PoolVolume volume = allocate(namespace, vmName, name, disk, options, hold.crashConsistent(),
                            volumes.isEmpty() ? definition : null);
                    volumes.add(volume);
                    rollback.done("snapshot volume " + volume.name(), () -> Claims.release(pool, List.of(volume)));
                    progress.onProgress(Progress.step(operation, "volume", volume.name() + " on " + volume.node() + " for disk "
                            + disk.name()));
                }
                requireOnlyOurs(namespace, name, volumes);
                for (int i = 0; i < disks.size(); i++) {
                    VmDisks.Disk disk = disks.get(i);
                    PoolVolume volume = volumes.get(i);
                    progress.onProgress(Progress.step(operation, "copying", "qemu-img convert -f raw -O qcow2"
                            + (options.compress() ? " -c" : "") + " " + disk.local().node() + ":" + disk.local().path() + "/"
                            + VolumePool.DISK_FILE));
                    copies.toSnapshot(namespace, disk.local().node(), disk.local().path(), volume.path(), options.compress(),
                            hold.crashConsistent());
                }
                if (guard.startedSince(namespace, vmName, hold)) {
                    throw new EdgeVmException("VM " + namespace + "/" + vmName + " was started or resumed while its disks were"
                            + " copied, so the copy may hold half-written data; it was discarded. Keep the VM stopped and take the"
                            + " snapshot again");
                }
            } finally {
                hold.close();
            }
            for (int i = 0; i < disks.size(); i++) {
                PoolVolume volume = volumes.get(i);
                progress.onProgress(Progress.step(operation, "checking", "sha256sum and qemu-img info of " + volume.name()));
                DiskCopies.Inspection inspection = copies.inspect(namespace, volume.node(), volume.path());
                Map<String, String> done = new LinkedHashMap<>();
                done.put(SnapshotLabels.SHA256, inspection.sha256());
                done.put(SnapshotLabels.SIZE, Long.toString(inspection.size()));
                done.put(SnapshotLabels.VIRTUAL_SIZE, Long.toString(inspection.virtualSize()));
                done.put(SnapshotLabels.CREATED, Instant.now().toString());
                done.put(SnapshotLabels.PHASE, LocalRecords.READY);
                records.annotate(volume.name(), done);
            }
        } catch (RuntimeException e) {
            throw rollback.undo(e);
        }
        progress.onProgress(Progress.step(operation, "ready", volumes.stream().map(PoolVolume::name).collect(Collectors.joining(", "))));
        return records.find(namespace, name).orElseThrow(() -> new EdgeVmException(operation + " vanished right after it was taken"));
    }

    private PoolVolume allocate(String namespace, String vm, String name, VmDisks.Disk disk, SnapshotOptions options,
                                boolean paused, String definition) {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put(SnapshotLabels.PHASE, LocalRecords.IN_PROGRESS);
        notes.put(SnapshotLabels.CLAIM, disk.claim());
        notes.put(SnapshotLabels.FORMAT, "qcow2");
        notes.put(SnapshotLabels.COMPRESSED, Boolean.toString(options.compress()));
        notes.put(SnapshotLabels.CONSISTENCY, paused ? LocalRecords.PAUSED : LocalRecords.STOPPED);
        if (definition != null) {
            notes.put(SnapshotLabels.VM_DEFINITION, definition);
        }
        VolumeRequest.Builder request = VolumeRequest.builder()
                .node(disk.local().node())
                .owner(VolumeOwner.of(namespace, vm))
                .role(VolumeRole.SNAPSHOT)
                .claim(reservedClaim(namespace, name, disk.name()))
                .label(SnapshotLabels.SNAPSHOT, name)
                .label(SnapshotLabels.DISK, disk.name())
                .annotations(notes);
        disk.local().capacity().ifPresent(request::size);
        return pool.allocate(request.build());
    }

    /** Another take of the same name that raced this one: both give up rather than keep two. */
    private void requireOnlyOurs(String namespace, String name, List<PoolVolume> ours) {
        Set<String> mine = ours.stream().map(PoolVolume::name).collect(Collectors.toSet());
        List<String> others = records.volumes(namespace, name).stream().map(pv -> pv.getMetadata().getName())
                .filter(n -> !mine.contains(n)).toList();
        if (!others.isEmpty()) {
            throw new ConflictException("snapshot " + namespace + "/" + name + " is being taken by someone else too (volumes "
                    + others + "); choose another name", "AlreadyExists", ObjectRef.of("Snapshot", namespace, name), null);
        }
    }

    static List<String> names(List<PersistentVolume> volumes) {
        return volumes.stream().map(pv -> pv.getMetadata().getName()).toList();
    }
}
