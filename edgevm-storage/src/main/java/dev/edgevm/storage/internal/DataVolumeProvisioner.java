package dev.edgevm.storage.internal;

import dev.edgevm.core.ConflictException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.Progress;
import dev.edgevm.core.ProgressListener;
import dev.edgevm.kubevirt.EdgeVmLabels;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.StorageConfig;
import dev.edgevm.storage.pool.ClaimRef;
import dev.edgevm.storage.pool.PoolVolume;
import dev.edgevm.storage.pool.VolumeRequest;
import dev.edgevm.storage.pool.VolumeRole;
import dev.edgevm.storage.pool.internal.DefaultVolumePool;
import dev.edgevm.storage.upload.DataVolumeUpload;
import dev.edgevm.storage.upload.internal.CdiUploadFlow;
import dev.edgevm.storage.upload.internal.UploadEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Carries out one {@link DiskPlan}: the pool volumes (the DataVolume's and CDI's scratch claim's,
 * pre-bound), the DataVolume, the upload, and freeing the scratch volume once CDI is done with it.
 * Every object it creates is registered with how to undo it. What an earlier attempt of the same
 * owner left (volumes pre-bound to these claims, the DataVolume) is taken over, never created
 * twice; a DataVolume that already Succeeded is not uploaded again.
 */
final class DataVolumeProvisioner {


    /** Where steps are recorded: the deploy's journal or a standalone upload's rollback. */
    @FunctionalInterface
    interface Steps {
        void done(String step, Runnable undo);
    }

    private final ClusterAccess cluster;
    private final DefaultVolumePool pool;
    private final CdiUploadFlow flow;
    private final Supplier<StorageConfig> config;
    private final DataVolumeCleanup cleanup;

    DataVolumeProvisioner(ClusterAccess cluster, DefaultVolumePool pool, CdiUploadFlow flow, Supplier<StorageConfig> config) {
        this.cluster = cluster;
        this.pool = pool;
        this.flow = flow;
        this.config = config;
        this.cleanup = new DataVolumeCleanup(cluster, pool, config);
    }

    DataVolumeCleanup cleanup() {
        return cleanup;
    }

    /**
     * @param leftovers whether objects found from an earlier attempt are this attempt's to undo
     *     (true unless a VM already uses them)
     */
    DataVolumeUpload provision(DiskPlan plan, DataVolume manifest, UploadEndpoint endpoint, boolean leftovers, Steps steps,
                               ProgressListener progress) {
        long start = System.nanoTime();
        UploadTarget target = plan.target();
        String ns = target.namespace();
        String operation = "upload " + ns + "/" + target.dataVolume();
        DataVolume existing = readDataVolume(ns, target.dataVolume());
        if (existing != null && !ours(existing, target)) {
            throw notOurs(ns, target.dataVolume());
        }
        if (existing != null && existing.getStatus() != null && "Succeeded".equals(existing.getStatus().phase())) {
            return alreadyUploaded(plan, leftovers, steps, start);
        }
        List<PoolVolume> volumes = new ArrayList<>();
        if (plan.pooled()) {
            List<PoolVolume> created = new ArrayList<>();
            List<PoolVolume> found = new ArrayList<>();
            List<ClaimRef> claims = plan.pooledScratch() ? List.of(target.claim(), target.claim().scratch()) : List.of(target.claim());
            try {
                for (ClaimRef claim : claims) {
                    ensureVolume(plan, claim, claim.equals(target.claim()) ? VolumeRole.DATA : VolumeRole.SCRATCH, created, found);
                }
            } catch (RuntimeException e) {
                // The data volume exists when the scratch one failed, and a create whose answer was lost
                // may have made a volume all the same: the undo finds them by the claims they are bound to.
                steps.done("allocated PersistentVolumes for " + claims.stream().map(ClaimRef::name).collect(Collectors.joining(", "))
                        + " on " + plan.node().orElseThrow(), Uninterrupted.of(() -> cleanup.releaseAll(boundTo(claims,
                        leftovers ? List.of() : found), ns)));
                throw e;
            }
            volumes.addAll(created);
            volumes.addAll(found);
            volumes.sort((a, b) -> a.role().orElse(VolumeRole.DATA).compareTo(b.role().orElse(VolumeRole.DATA)));
            List<PoolVolume> undoable = new ArrayList<>(created);
            if (leftovers) {
                undoable.addAll(found);
            }
            if (!undoable.isEmpty()) {
                String names = undoable.stream().map(PoolVolume::name).collect(Collectors.joining(", "));
                steps.done((created.isEmpty() ? "took over" : "allocated") + " PersistentVolumes " + names + " on " + plan.node().orElseThrow(),
                        Uninterrupted.of(() -> cleanup.releaseAll(undoable, ns)));
                progress.onProgress(Progress.step(operation, "volumes", names + " on " + plan.node().orElseThrow()
                        + ", pre-bound to " + target.claim() + (plan.pooledScratch() ? " and " + target.claim().scratch() : "")));
            }
        }
        if (existing == null) {
            existing = createDataVolume(withStorageClass(manifest, plan.storageClass()), target);
            steps.done("created DataVolume " + ns + "/" + target.dataVolume(), Uninterrupted.of(() -> cleanup.deleteDataVolume(ns, target.dataVolume())));
            progress.onProgress(Progress.step(operation, "DataVolume", "created " + ns + "/" + target.dataVolume()));
        } else if (leftovers) {
            steps.done("took over DataVolume " + ns + "/" + target.dataVolume(), Uninterrupted.of(() -> cleanup.deleteDataVolume(ns, target.dataVolume())));
        }
        StorageConfig settings = config.get();
        CdiUploadFlow.Transfer transfer = flow.run(new CdiUploadFlow.Target(ns, target.dataVolume(), plan.node().orElse(null)), target.image(), endpoint,
                new CdiUploadFlow.Settings(settings.uploadPodTimeout(), settings.processingTimeout(), settings.uploadAttempts()), progress);
        volumes.stream().filter(v -> v.role().orElse(null) == VolumeRole.SCRATCH).findFirst()
                .ifPresent(scratch -> cleanup.recycleScratch(scratch, target.claim().scratch(), ns, settings.cleanupTimeout(), operation, progress));
        return new DataVolumeUpload(ns, target.dataVolume(), plan.node().orElse(null), volumes.stream().map(PoolVolume::name).collect(Collectors.toList()),
                plan.format(), transfer.bytesSent(), transfer.attempts(), Duration.ofNanos(System.nanoTime() - start), transfer.alreadyDone());
    }

    /** A DataVolume of this owner that Succeeded: nothing to allocate or send; undoable only when no VM uses it yet. */
    private DataVolumeUpload alreadyUploaded(DiskPlan plan, boolean leftovers, Steps steps, long start) {
        UploadTarget target = plan.target();
        String ns = target.namespace();
        List<PoolVolume> volumes = plan.pooled() ? pool.find(target.claim()).stream().collect(Collectors.toList()) : List.of();
        if (leftovers) {
            if (!volumes.isEmpty()) {
                steps.done("took over PersistentVolume " + volumes.get(0).name(), Uninterrupted.of(() -> cleanup.releaseAll(volumes, ns)));
            }
            steps.done("took over DataVolume " + ns + "/" + target.dataVolume(), Uninterrupted.of(() -> cleanup.deleteDataVolume(ns, target.dataVolume())));
        }
        return new DataVolumeUpload(ns, target.dataVolume(), volumes.stream().map(PoolVolume::node).findFirst().orElse(null),
                volumes.stream().map(PoolVolume::name).collect(Collectors.toList()), plan.format(), 0, 0,
                Duration.ofNanos(System.nanoTime() - start), true);
    }

    /** The pool's volumes pre-bound to these claims, except those an earlier attempt made that are not this one's to undo. */
    private List<PoolVolume> boundTo(List<ClaimRef> claims, List<PoolVolume> notOurs) {
        Set<String> keep = notOurs.stream().map(PoolVolume::name).collect(Collectors.toSet());
        return claims.stream().map(pool::find).flatMap(Optional::stream).filter(v -> !keep.contains(v.name()))
                .collect(Collectors.toList());
    }

    /** The volume pre-bound to {@code claim}: the one an earlier attempt made, or a new one. */
    private void ensureVolume(DiskPlan plan, ClaimRef claim, VolumeRole role, List<PoolVolume> created, List<PoolVolume> found) {
        Optional<PoolVolume> current = pool.find(claim);
        if (current.isPresent() && (current.get().released() || "Failed".equals(current.get().phase()))) {
            // The claim it served is gone, so it holds stale data and cannot bind a new claim of that name: free it.
            pool.release(List.of(current.get()), claim.namespace());
            current = Optional.empty();
        }
        if (current.isPresent()) {
            found.add(current.get());
            return;
        }
        created.add(pool.allocate(VolumeRequest.builder().node(plan.node().orElseThrow()).owner(plan.target().owner()).role(role)
                .size(plan.volumeCapacity()).claim(claim).build()));
    }

    /** The rendered DataVolume with the class the plan settled on (the pool's, when the disk named none). */
    private static DataVolume withStorageClass(DataVolume manifest, String storageClass) {
        var spec = manifest.getSpec();
        var storage = spec.storage();
        if (storage == null || storageClass.equals(storage.storageClassName())) {
            return manifest;
        }
        DataVolume copy = new DataVolume();
        copy.setMetadata(manifest.getMetadata());
        copy.setSpec(new dev.edgevm.kubevirt.model.cdi.DataVolumeSpec(spec.source(), new dev.edgevm.kubevirt.model.cdi.StorageSpec(
                storage.accessModes(), storage.volumeMode(), storage.resources(), storageClass, storage.volumeName()),
                spec.pvc(), spec.contentType(), spec.preallocation()));
        return copy;
    }

    private DataVolume createDataVolume(DataVolume manifest, UploadTarget target) {
        ObjectRef ref = ObjectRef.of("DataVolume", target.namespace(), target.dataVolume());
        try {
            return cluster.call("create", ref, () -> cluster.client().resources(DataVolume.class).inNamespace(target.namespace())
                    .resource(manifest).create());
        } catch (ConflictException exists) {
            // Created by a retried request of ours, or by someone else meanwhile: the labels tell.
            DataVolume current = readDataVolume(target.namespace(), target.dataVolume());
            if (current != null && ours(current, target)) {
                return current;
            }
            throw notOurs(target.namespace(), target.dataVolume());
        }
    }

    private DataVolume readDataVolume(String ns, String name) {
        return cluster.call("get", ObjectRef.of("DataVolume", ns, name),
                () -> cluster.client().resources(DataVolume.class).inNamespace(ns).withName(name).get());
    }

    private static boolean ours(DataVolume dv, UploadTarget target) {
        Map<String, String> labels = dv.getMetadata().getLabels() == null ? Map.of() : dv.getMetadata().getLabels();
        return EdgeVmLabels.MANAGED_BY_VALUE.equals(labels.get(EdgeVmLabels.MANAGED_BY))
                && target.owner().name().equals(labels.get(EdgeVmLabels.VM))
                && dv.getSpec() != null && dv.getSpec().source() != null && dv.getSpec().source().upload() != null;
    }

    private static ConflictException notOurs(String ns, String name) {
        ObjectRef ref = ObjectRef.of("DataVolume", ns, name);
        return new ConflictException(ref + " already exists and is not an edgevm upload of this owner: delete it, or choose"
                + " another DataVolume name", "AlreadyExists", ref, null);
    }
}
