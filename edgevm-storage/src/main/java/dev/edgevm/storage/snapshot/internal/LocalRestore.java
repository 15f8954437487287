package dev.edgevm.storage.snapshot.internal;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.Progress;
import dev.edgevm.core.ProgressListener;
import dev.edgevm.kubevirt.model.DataVolumeTemplateSpec;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.kubevirt.spi.ClusterAccess;
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
import dev.edgevm.storage.snapshot.SnapshotRestore;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a node-local snapshot into its own stopped VM, keeping the VM's spec:
 * <ol>
 * <li>each disk is converted back to raw into a freshly allocated volume on the snapshot's node,
 *     reserved for a claim that does not exist; the VM's disks are not touched yet, so a failure
 *     here only frees the new volumes;</li>
 * <li>then per disk the claim changes volume: the DataVolume (or bare claim) is deleted, the new
 *     volume pre-bound to the claim's name, the claim made again under that name on it, and for a DataVolume disk a
 *     DataVolume of the same spec adopts it as pre-populated; a failure puts the old claim back on
 *     the old volume;</li>
 * <li>the old volumes are wiped and freed.</li>
 * </ol>
 */
final class LocalRestore {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRestore.class);

    private final ClusterAccess cluster;
    private final VolumePool pool;
    private final VmDisks vmDisks;
    private final DiskCopies copies;
    private final VmGuard guard;
    private final Claims claims;

    LocalRestore(ClusterAccess cluster, VolumePool pool, VmDisks vmDisks, DiskCopies copies, VmGuard guard, Claims claims) {
        this.cluster = cluster;
        this.pool = pool;
        this.vmDisks = vmDisks;
        this.copies = copies;
        this.guard = guard;
        this.claims = claims;
    }

    /** @param directories the directory of each disk's snapshot volume on its node, by disk name */
    SnapshotRestore restore(Snapshot snapshot, Map<String, String> directories, ProgressListener progress) {
        String namespace = snapshot.namespace();
        VirtualMachine vm = vmDisks.requireVm(namespace, snapshot.vm());
        guard.requireStopped(namespace, snapshot.vm(), "restore");
        Map<String, VmDisks.Disk> current = vmDisks.of(vm).stream().collect(Collectors.toMap(VmDisks.Disk::name, d -> d));
        List<String> problems = new ArrayList<>();
        for (SnapshotDisk disk : snapshot.disks()) {
            VmDisks.Disk now = current.get(disk.disk());
            if (now == null) {
                problems.add("the VM has no disk " + disk.disk() + " any more");
            } else if (now.local() == null) {
                problems.add("disk " + disk.disk() + " is now on " + now.where() + ", not on a node-local volume");
            } else if (now.dataVolume() && fromTemplate(vm, now.claim())) {
                problems.add("disk " + disk.disk() + " is the VM's DataVolume template " + now.claim() + ", which KubeVirt re-creates"
                        + " as soon as it is deleted");
            }
        }
        if (!problems.isEmpty()) {
            throw new EdgeVmException("snapshot " + namespace + "/" + snapshot.name() + " cannot be restored into VM " + snapshot.vm()
                    + ": " + String.join("; ", problems) + ". Use restoreAs to make a new VM from it instead");
        }
        String operation = "restore of snapshot " + namespace + "/" + snapshot.name() + " into VM " + snapshot.vm();
        Rollback rollback = new Rollback(operation);
        SnapshotRestore.Builder result = SnapshotRestore.builder().namespace(namespace).vm(snapshot.vm()).snapshot(snapshot.name());
        List<PoolVolume> oldVolumes = new ArrayList<>();
        try {
            Map<String, PoolVolume> fresh = new LinkedHashMap<>();
            for (SnapshotDisk disk : snapshot.disks()) {
                VmDisks.Disk now = current.get(disk.disk());
                PoolVolume target = allocate(namespace, snapshot, disk, now);
                rollback.done("volume " + target.name(), () -> Claims.release(pool, List.of(target)));
                progress.onProgress(Progress.step(operation, "copying", "qemu-img convert -f qcow2 -O raw " + disk.node().orElse("")
                        + ":" + directories.get(disk.disk()) + " into " + target.name()));
                copies.toDisk(namespace, target.node(), directories.get(disk.disk()), target.path());
                fresh.put(disk.disk(), target);
            }
            for (SnapshotDisk disk : snapshot.disks()) {
                VmDisks.Disk now = current.get(disk.disk());
                PoolVolume target = fresh.get(disk.disk());
                progress.onProgress(Progress.step(operation, "swapping", "claim " + now.claim() + ": " + now.local().name()
                        + " -> " + target.name()));
                swap(namespace, snapshot.name(), now, target, rollback);
                result.claim(disk.disk(), now.claim()).volume(disk.disk(), target.name());
                oldVolumes.add(now.local());
            }
        } catch (RuntimeException e) {
            throw rollback.undo(e);
        }
        List<PoolVolume> managed = oldVolumes.stream().filter(PoolVolume::managed).toList();
        oldVolumes.stream().filter(v -> !v.managed()).forEach(v -> LOG.warn("{}: volume {} was not made by edgevm's pool and is"
                + " left Released with the old disk; delete it when it is no longer wanted", operation, v.name()));
        progress.onProgress(Progress.step(operation, "freeing", managed.stream().map(PoolVolume::name).collect(Collectors.joining(", "))));
        result.releasedVolumes(pool.release(managed).released());
        return result.build();
    }

    private PoolVolume allocate(String namespace, Snapshot snapshot, SnapshotDisk disk, VmDisks.Disk now) {
        VolumeRequest.Builder request = VolumeRequest.builder()
                .node(disk.node().orElseThrow())
                .owner(VolumeOwner.of(namespace, snapshot.vm()))
                .role(VolumeRole.DATA)
                .claim(placeholder(namespace, now.claim()))
                .label(SnapshotLabels.RESTORED_FROM, snapshot.name());
        now.local().capacity().ifPresent(request::size);
        return pool.allocate(request.build());
    }

    /**
     * The claim a fresh volume is reserved for until it takes the VM's claim: none of this name
     * exists, so nothing can bind the volume, and a release is not held up by the VM's claim.
     */
    private static ClaimRef placeholder(String namespace, String claim) {
        return ClaimRef.of(namespace, claim + "-restoring");
    }

    /**
     * Moves the claim (and its DataVolume) from its old volume to {@code target}. Registers how to
     * put the old ones back.
     */
    private void swap(String namespace, String snapshot, VmDisks.Disk disk, PoolVolume target, Rollback rollback) {
        PersistentVolumeClaim old = disk.pvc();
        DataVolume oldDv = disk.dataVolume() ? dataVolume(namespace, disk.claim()).orElse(null) : null;
        if (oldDv != null) {
            claims.deleteDataVolume(namespace, disk.claim());
        } else {
            claims.delete(namespace, disk.claim());
        }
        rollback.done("claim " + disk.claim() + " moved off " + disk.local().name(), () -> putBack(namespace, disk, old, oldDv, target));
        claims.preBind(target.name(), namespace, disk.claim());
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put(Claims.CONTENT_TYPE, "kubevirt");
        notes.put(SnapshotLabels.RESTORED_FROM, snapshot);
        if (oldDv != null) {
            notes.put(Claims.POPULATED_FOR, disk.claim());
        }
        claims.createOn(namespace, disk.claim(), target.name(), old.getSpec().getStorageClassName(), request(old),
                old.getSpec().getAccessModes(), old.getSpec().getVolumeMode(), labels(old), notes);
        if (oldDv != null) {
            claims.createPrePopulated(oldDv, Map.of(SnapshotLabels.RESTORED_FROM, snapshot));
        }
    }

    /** Undo of a swap: the new claim goes, the old volume is pre-bound again and gets its claim (and DataVolume) back. */
    private void putBack(String namespace, VmDisks.Disk disk, PersistentVolumeClaim old, DataVolume oldDv, PoolVolume target) {
        if (oldDv != null && dataVolume(namespace, disk.claim()).isPresent()) {
            claims.deleteDataVolume(namespace, disk.claim());
        }
        claims.delete(namespace, disk.claim());
        claims.preBind(target.name(), namespace, placeholder(namespace, disk.claim()).name());
        claims.preBind(disk.local().name(), namespace, disk.claim());
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put(Claims.CONTENT_TYPE, "kubevirt");
        if (oldDv != null) {
            notes.put(Claims.POPULATED_FOR, disk.claim());
        }
        claims.createOn(namespace, disk.claim(), disk.local().name(), old.getSpec().getStorageClassName(), request(old),
                old.getSpec().getAccessModes(), old.getSpec().getVolumeMode(), labels(old), notes);
        if (oldDv != null) {
            claims.createPrePopulated(oldDv, Map.of());
        }
    }

    private Optional<DataVolume> dataVolume(String namespace, String name) {
        return Optional.ofNullable(cluster.call("get", ObjectRef.of("DataVolume", namespace, name), () -> cluster.client()
                .resources(DataVolume.class).inNamespace(namespace).withName(name).get()));
    }

    private static boolean fromTemplate(VirtualMachine vm, String dataVolume) {
        List<DataVolumeTemplateSpec> templates = vm.getSpec() == null ? null : vm.getSpec().dataVolumeTemplates();
        return templates != null && templates.stream().anyMatch(t -> t.metadata() != null && dataVolume.equals(t.metadata().getName()));
    }

    private static io.fabric8.kubernetes.api.model.Quantity request(PersistentVolumeClaim claim) {
        var requests = claim.getSpec().getResources() == null ? null : claim.getSpec().getResources().getRequests();
        io.fabric8.kubernetes.api.model.Quantity size = requests == null ? null : requests.get("storage");
        if (size == null) {
            throw new EdgeVmException("claim " + claim.getMetadata().getNamespace() + "/" + claim.getMetadata().getName()
                    + " requests no storage size");
        }
        return size;
    }

    private static Map<String, String> labels(PersistentVolumeClaim claim) {
        return new LinkedHashMap<>(VmDisks.labels(claim));
    }
}
