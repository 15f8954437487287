package dev.edgevm.storage.snapshot.internal;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.Progress;
import dev.edgevm.core.ProgressListener;
import dev.edgevm.kubevirt.EdgeVmLabels;
import dev.edgevm.storage.snapshot.Snapshot;
import dev.edgevm.storage.snapshot.SnapshotDisk;
import dev.edgevm.storage.snapshot.SnapshotDownload;
import dev.edgevm.storage.snapshot.SnapshotLabels;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Exports a node-local snapshot disk: its file is linked as the volume's {@code disk.img}, the
 * claim the volume is reserved for is made on it for the time of the export (KubeVirt exports
 * claims), and afterwards removed, the volume reserved for it again.
 */
final class LocalExport {

    private final DiskCopies copies;
    private final Claims claims;
    private final SnapshotExporter exporter;

    LocalExport(DiskCopies copies, Claims claims, SnapshotExporter exporter) {
        this.copies = copies;
        this.claims = claims;
        this.exporter = exporter;
    }

    SnapshotDownload download(Snapshot snapshot, SnapshotDisk disk, Path file, ProgressListener progress) {
        String namespace = snapshot.namespace();
        String volumeName = disk.volume().orElseThrow();
        PersistentVolume pv = claims.volume(volumeName);
        if (pv == null || pv.getSpec().getLocal() == null && pv.getSpec().getHostPath() == null) {
            throw new EdgeVmException("the volume " + volumeName + " of snapshot " + namespace + "/" + snapshot.name() + " is gone");
        }
        String directory = LocalRecords.directories(List.of(pv)).values().iterator().next();
        String claim = LocalTake.reservedClaim(namespace, snapshot.name(), disk.disk()).name();
        String operation = "export of snapshot " + namespace + "/" + snapshot.name() + " disk " + disk.disk();
        progress.onProgress(Progress.step(operation, "linking", volumeName + ": " + directory + "/disk.img"));
        copies.linkForExport(namespace, disk.node().orElseThrow(), directory);
        claims.delete(namespace, claim);
        claims.preBind(volumeName, namespace, claim);
        try {
            claims.createOn(namespace, claim, volumeName, pv.getSpec().getStorageClassName(), pv.getSpec().getCapacity().get("storage"),
                    List.of("ReadWriteOnce"), "Filesystem",
                    Map.of(EdgeVmLabels.MANAGED_BY, EdgeVmLabels.MANAGED_BY_VALUE, SnapshotLabels.SNAPSHOT, snapshot.name()),
                    Map.of(Claims.CONTENT_TYPE, "kubevirt"));
            return exporter.download(snapshot, disk, "PersistentVolumeClaim", claim, claim, disk.sha256(), "qcow2", file, progress);
        } finally {
            boolean interrupted = Thread.interrupted();
            try {
                claims.delete(namespace, claim);
                claims.preBind(volumeName, namespace, claim);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
