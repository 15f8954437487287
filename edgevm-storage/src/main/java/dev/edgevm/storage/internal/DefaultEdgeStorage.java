package dev.edgevm.storage.internal;

import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.StorageConfig;
import dev.edgevm.storage.cdi.Cdi;
import dev.edgevm.storage.cdi.internal.DefaultCdi;
import dev.edgevm.storage.pool.VolumePool;
import dev.edgevm.storage.pool.internal.DefaultVolumePool;
import dev.edgevm.storage.snapshot.Snapshots;
import dev.edgevm.storage.snapshot.internal.DefaultSnapshots;
import dev.edgevm.storage.snapshot.internal.SnapshotServices;
import dev.edgevm.storage.upload.ImageUploader;
import dev.edgevm.storage.upload.Uploads;
import dev.edgevm.storage.upload.internal.CdiUploadFlow;
import dev.edgevm.storage.upload.internal.ClusterTokens;
import dev.edgevm.storage.upload.internal.TokenSource;
import dev.edgevm.storage.upload.internal.UploadEndpoint;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** Wires the storage capability of one EdgeVm; closed with it (it stops running uploads). */
public final class DefaultEdgeStorage implements EdgeStorage, AutoCloseable {

    private final EdgeVm edge;
    private final ClusterAccess cluster;
    private final AtomicReference<StorageConfig> config = new AtomicReference<>(StorageConfig.defaults());
    private final DefaultVolumePool pool;
    private final DefaultCdi cdi;
    private final ImageUploader uploader = ImageUploader.create();
    private final DiskPlanner planner;
    private final DataVolumeProvisioner provisioner;
    private final DefaultUploads uploads;
    private final SnapshotServices snapshots;

    public DefaultEdgeStorage(EdgeVm edge, ClusterAccess cluster) {
        this(edge, cluster, new ClusterTokens(cluster));
    }

    /** With another source of upload tokens. */
    public DefaultEdgeStorage(EdgeVm edge, ClusterAccess cluster, TokenSource tokens) {
        this.edge = edge;
        this.cluster = cluster;
        this.pool = new DefaultVolumePool(cluster, config::get, edge::namespace);
        this.cdi = new DefaultCdi(cluster);
        this.planner = new DiskPlanner(cluster, cdi, pool);
        this.provisioner = new DataVolumeProvisioner(cluster, pool, new CdiUploadFlow(cluster, uploader, tokens), config::get);
        this.uploads = new DefaultUploads(this);
        this.snapshots = new SnapshotServices(edge, cluster, pool, config::get);
    }

    @Override
    public VolumePool pool() {
        return pool;
    }

    @Override
    public Uploads uploads() {
        return uploads;
    }

    @Override
    public Cdi cdi() {
        return cdi;
    }

    @Override
    public Snapshots snapshots() {
        return new DefaultSnapshots(snapshots, edge.namespace());
    }

    @Override
    public StorageConfig config() {
        return config.get();
    }

    @Override
    public EdgeStorage configure(StorageConfig newConfig) {
        config.set(Objects.requireNonNull(newConfig, "config"));
        return this;
    }

    @Override
    public EdgeStorage configure(Consumer<StorageConfig.Builder> changes) {
        config.updateAndGet(current -> {
            StorageConfig.Builder b = current.toBuilder();
            changes.accept(b);
            return b.build();
        });
        return this;
    }

    /** Where uploads go and how the proxy is trusted, as configured or as CDI publishes it. */
    public UploadEndpoint endpoint() {
        StorageConfig c = config.get();
        return UploadEndpoint.resolve(c.uploadProxyUrl().orElse(null), c.uploadTls().orElse(null), c.cdiNamespace(), cdi.resources());
    }

    EdgeVm edge() {
        return edge;
    }

    ClusterAccess cluster() {
        return cluster;
    }

    DefaultVolumePool volumePool() {
        return pool;
    }

    DiskPlanner planner() {
        return planner;
    }

    DataVolumeProvisioner provisioner() {
        return provisioner;
    }

    @Override
    public void close() {
        uploads.close();
        uploader.close();
    }
}
