package dev.edgevm.storage.snapshot.internal;

import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.StorageConfig;
import dev.edgevm.storage.internal.nodejob.NodeJob;
import dev.edgevm.storage.pool.VolumePool;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The parts snapshots are made of, wired once per EdgeVm and shared by every namespace's {@link DefaultSnapshots}. */
public final class SnapshotServices {

    private final VolumePool pool;
    private final VmDisks vmDisks;
    private final LocalRecords localRecords;
    private final CsiRecords csiRecords;
    private final Claims claims;
    private final DiskCopies copies;
    private final LocalTake localTake;
    private final LocalRestore localRestore;
    private final LocalExport localExport;
    private final CsiSnapshots csi;
    private final RestoreAs restoreAs;
    private final SnapshotExporter exporter;
    private final ClusterAccess cluster;

    public SnapshotServices(EdgeVm edge, ClusterAccess cluster, VolumePool pool, Supplier<StorageConfig> config) {
        this.cluster = cluster;
        this.pool = pool;
        VmGuard guard = new VmGuard(edge, cluster);
        this.vmDisks = new VmDisks(cluster, pool);
        this.localRecords = new LocalRecords(cluster);
        this.csiRecords = new CsiRecords(cluster);
        this.claims = new Claims(cluster, config);
        this.copies = new DiskCopies(new NodeJob(cluster),
                () -> {
                    StorageConfig c = config.get();
                    return new DiskCopies.Settings(c.qemuImgImage(), c.snapshotCopyTimeout(), c.jobPullGrace());
                });
        this.localTake = new LocalTake(cluster, pool, localRecords, copies, guard);
        this.localRestore = new LocalRestore(cluster, pool, vmDisks, copies, guard, claims);
        this.exporter = new SnapshotExporter(cluster, ExportLinks.runningInCluster());
        this.localExport = new LocalExport(copies, claims, exporter);
        this.csi = new CsiSnapshots(cluster, csiRecords, guard, config);
        this.restoreAs = new RestoreAs(edge, cluster);
    }

    VolumePool pool() {
        return pool;
    }

    VmDisks vmDisks() {
        return vmDisks;
    }

    LocalRecords localRecords() {
        return localRecords;
    }

    CsiRecords csiRecords() {
        return csiRecords;
    }

    Claims claims() {
        return claims;
    }

    LocalTake localTake() {
        return localTake;
    }

    LocalRestore localRestore() {
        return localRestore;
    }

    LocalExport localExport() {
        return localExport;
    }

    CsiSnapshots csi() {
        return csi;
    }

    RestoreAs restoreAs() {
        return restoreAs;
    }

    SnapshotExporter exporter() {
        return exporter;
    }

    NewDisks localNewDisks(Map<String, String> directories) {
        return new LocalNewDisks(pool, copies, claims, directories);
    }

    NewDisks csiNewDisks(List<CsiRecords.Backup> backups) {
        return new CsiNewDisks(cluster, claims, backups);
    }
}
