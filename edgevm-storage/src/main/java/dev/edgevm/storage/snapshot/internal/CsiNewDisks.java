package dev.edgevm.storage.snapshot.internal;

import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.Progress;
import dev.edgevm.core.ProgressListener;
import dev.edgevm.kubevirt.EdgeVmLabels;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.internal.Rollback;
import dev.edgevm.storage.snapshot.Snapshot;
import dev.edgevm.storage.snapshot.SnapshotDisk;
import dev.edgevm.storage.snapshot.SnapshotLabels;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * CSI disks for a new VM: per disk a claim {@code <newVm>-<disk>} whose data source is the disk's
 * VolumeSnapshot, as the snapshotted claim was (class, modes, size), provisioned by the CSI driver.
 */
final class CsiNewDisks implements NewDisks {

    private final ClusterAccess cluster;
    private final Claims claims;
    private final List<CsiRecords.Backup> backups;

    CsiNewDisks(ClusterAccess cluster, Claims claims, List<CsiRecords.Backup> backups) {
        this.cluster = cluster;
        this.claims = claims;
        this.backups = backups;
    }

    @Override
    public Map<String, String> create(Snapshot snapshot, String newVm, Rollback rollback, ProgressListener progress) {
        String namespace = snapshot.namespace();
        String operation = "restore of snapshot " + namespace + "/" + snapshot.name() + " as VM " + newVm;
        Map<String, String> made = new LinkedHashMap<>();
        for (CsiRecords.Backup backup : backups) {
            String name = NewDisks.claimName(newVm, backup.disk());
            JsonNode spec = backup.claimSpec();
            String storageClass = spec.path("storageClassName").asString(null);
            List<String> modes = new ArrayList<>();
            spec.path("accessModes").forEach(m -> modes.add(m.asString()));
            String request = spec.path("resources").path("requests").path("storage").asString(null);
            long restoreSize = snapshot.disks().stream().filter(d -> d.disk().equals(backup.disk())).findFirst()
                    .flatMap(d -> d.size().isPresent() ? Optional.of(d.size().getAsLong()) : Optional.empty()).orElse(0L);
            Quantity size = request != null ? new Quantity(request) : new Quantity(Long.toString(restoreSize));
            PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder()
                    .withNewMetadata().withName(name).withNamespace(namespace)
                    .addToLabels(EdgeVmLabels.MANAGED_BY, EdgeVmLabels.MANAGED_BY_VALUE).addToLabels(EdgeVmLabels.VM, newVm)
                    .addToAnnotations(Claims.CONTENT_TYPE, "kubevirt").addToAnnotations(SnapshotLabels.RESTORED_FROM, snapshot.name())
                    .endMetadata()
                    .withNewSpec()
                    .withStorageClassName(storageClass)
                    .withAccessModes(modes.isEmpty() ? List.of("ReadWriteOnce") : modes)
                    .withVolumeMode(spec.path("volumeMode").asString("Filesystem"))
                    .withNewResources().addToRequests("storage", size).endResources()
                    .withNewDataSource().withApiGroup("snapshot.storage.k8s.io").withKind("VolumeSnapshot")
                    .withName(backup.volumeSnapshot()).endDataSource()
                    .endSpec().build();
            ObjectRef ref = ObjectRef.of("PersistentVolumeClaim", namespace, name);
            cluster.call("create", ref, () -> cluster.client().persistentVolumeClaims().inNamespace(namespace).resource(claim).create());
            rollback.done("claim " + name, () -> claims.delete(namespace, name));
            if (!waitsForConsumer(storageClass)) {
                claims.awaitBound(namespace, name);
            }
            progress.onProgress(Progress.step(operation, "claim", name + " from VolumeSnapshot " + backup.volumeSnapshot()));
            made.put(backup.disk(), name);
        }
        return made;
    }

    @Override
    public Optional<String> node(Snapshot snapshot) {
        return snapshot.disks().stream().map(SnapshotDisk::node).flatMap(Optional::stream).findFirst();
    }

    private boolean waitsForConsumer(String storageClass) {
        if (storageClass == null) {
            return false;
        }
        StorageClass found = cluster.call("get", ObjectRef.clusterScoped("StorageClass", storageClass), () -> cluster.client()
                .storage().v1().storageClasses().withName(storageClass).get());
        return found != null && "WaitForFirstConsumer".equals(found.getVolumeBindingMode());
    }
}
