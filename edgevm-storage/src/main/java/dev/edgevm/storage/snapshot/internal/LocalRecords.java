package dev.edgevm.storage.snapshot.internal;

import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.pool.PoolLabels;
import dev.edgevm.storage.pool.VolumeRole;
import dev.edgevm.storage.snapshot.Snapshot;
import dev.edgevm.storage.snapshot.SnapshotDisk;
import dev.edgevm.storage.snapshot.SnapshotKind;
import dev.edgevm.storage.snapshot.SnapshotLabels;
import dev.edgevm.storage.snapshot.SnapshotPhase;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Node-local snapshots as the cluster records them: the labels and annotations of their snapshot
 * volumes (one per disk), read back into {@link Snapshot}s and written as a copy progresses.
 */
final class LocalRecords {

    static final String IN_PROGRESS = "InProgress";
    static final String READY = "Ready";
    static final String FAILED = "Failed";
    static final String STOPPED = "stopped";
    static final String PAUSED = "paused";

    private final ClusterAccess cluster;

    LocalRecords(ClusterAccess cluster) {
        this.cluster = cluster;
    }

    /** The snapshot volumes of a namespace, of one snapshot when {@code snapshot} is not null. */
    List<PersistentVolume> volumes(String namespace, String snapshot) {
        return cluster.call("list", ObjectRef.clusterScoped("PersistentVolume", null), () -> {
            var list = cluster.client().persistentVolumes().withLabel(PoolLabels.ROLE, VolumeRole.SNAPSHOT.label())
                    .withLabel(PoolLabels.OWNER_NAMESPACE, namespace).withLabel(SnapshotLabels.SNAPSHOT);
            return (snapshot == null ? list : list.withLabel(SnapshotLabels.SNAPSHOT, snapshot)).list().getItems();
        });
    }

    List<Snapshot> list(String namespace) {
        Map<String, List<PersistentVolume>> byName = new LinkedHashMap<>();
        for (PersistentVolume pv : volumes(namespace, null)) {
            byName.computeIfAbsent(VmDisks.labels(pv).get(SnapshotLabels.SNAPSHOT), n -> new ArrayList<>()).add(pv);
        }
        List<Snapshot> snapshots = new ArrayList<>();
        byName.forEach((name, volumes) -> snapshots.add(read(namespace, name, volumes)));
        return snapshots;
    }

    Optional<Snapshot> find(String namespace, String name) {
        List<PersistentVolume> volumes = volumes(namespace, name);
        return volumes.isEmpty() ? Optional.empty() : Optional.of(read(namespace, name, volumes));
    }

    /** The directory on its node of each disk's snapshot volume, by disk name. */
    static Map<String, String> directories(List<PersistentVolume> volumes) {
        Map<String, String> directories = new LinkedHashMap<>();
        for (PersistentVolume pv : volumes) {
            String path = pv.getSpec() == null ? null : pv.getSpec().getLocal() != null ? pv.getSpec().getLocal().getPath()
                    : pv.getSpec().getHostPath() == null ? null : pv.getSpec().getHostPath().getPath();
            directories.put(VmDisks.labels(pv).getOrDefault(SnapshotLabels.DISK, "disk"), path);
        }
        return directories;
    }

    /**
     * Writes annotations on one snapshot volume, as a merge patch of those alone: it needs no
     * resourceVersion, so the controllers' own writes to the volume cannot make it fail with 409.
     */
    void annotate(String volume, Map<String, String> annotations) {
        ObjectRef ref = ObjectRef.clusterScoped("PersistentVolume", volume);
        String patch = cluster.client().getKubernetesSerialization().asJson(Map.of("metadata", Map.of("annotations", annotations)));
        cluster.call("annotate", ref, () -> cluster.client().persistentVolumes().withName(volume)
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch));
    }

    static Snapshot read(String namespace, String name, List<PersistentVolume> volumes) {
        List<SnapshotDisk> disks = new ArrayList<>();
        String vm = null;
        Instant created = null;
        boolean crashConsistent = false;
        String error = null;
        boolean allReady = true;
        boolean anyFailed = false;
        for (PersistentVolume pv : volumes) {
            Map<String, String> labels = VmDisks.labels(pv);
            Map<String, String> notes = VmDisks.annotations(pv);
            vm = vm == null ? labels.get(PoolLabels.OWNER) : vm;
            String phase = notes.getOrDefault(SnapshotLabels.PHASE, IN_PROGRESS);
            allReady &= READY.equals(phase);
            anyFailed |= FAILED.equals(phase) || pv.getMetadata().getDeletionTimestamp() != null;
            crashConsistent |= PAUSED.equals(notes.get(SnapshotLabels.CONSISTENCY));
            if (notes.get(SnapshotLabels.ERROR) != null) {
                error = notes.get(SnapshotLabels.ERROR);
            }
            Instant diskCreated = instant(notes.get(SnapshotLabels.CREATED));
            if (diskCreated != null && (created == null || diskCreated.isAfter(created))) {
                created = diskCreated;
            }
            disks.add(SnapshotDisk.builder()
                    .disk(labels.getOrDefault(SnapshotLabels.DISK, "disk"))
                    .claim(notes.getOrDefault(SnapshotLabels.CLAIM, ""))
                    .volume(pv.getMetadata().getName())
                    .node(labels.get(PoolLabels.NODE))
                    .format(Optional.ofNullable(notes.get(SnapshotLabels.FORMAT)))
                    .compressed(Boolean.parseBoolean(notes.get(SnapshotLabels.COMPRESSED)))
                    .virtualSize(number(notes.get(SnapshotLabels.VIRTUAL_SIZE)))
                    .size(number(notes.get(SnapshotLabels.SIZE)))
                    .sha256(Optional.ofNullable(notes.get(SnapshotLabels.SHA256)))
                    .build());
        }
        disks.sort(Comparator.comparing(SnapshotDisk::disk));
        SnapshotPhase phase = anyFailed ? SnapshotPhase.FAILED : allReady ? SnapshotPhase.READY : SnapshotPhase.IN_PROGRESS;
        return Snapshot.builder()
                .namespace(namespace).name(name).vm(vm == null ? "" : vm)
                .kind(SnapshotKind.NODE_LOCAL).phase(phase)
                .creationTime(Optional.ofNullable(created))
                .crashConsistent(crashConsistent)
                .disks(disks)
                .error(Optional.ofNullable(error))
                .build();
    }

    /** The VM definition recorded with the snapshot (JSON), from whichever volume carries it. */
    static Optional<String> vmDefinition(List<PersistentVolume> volumes) {
        return volumes.stream().map(pv -> VmDisks.annotations(pv).get(SnapshotLabels.VM_DEFINITION))
                .filter(d -> d != null && !d.isEmpty()).findFirst();
    }

    private static OptionalLong number(String value) {
        try {
            return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static Instant instant(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
