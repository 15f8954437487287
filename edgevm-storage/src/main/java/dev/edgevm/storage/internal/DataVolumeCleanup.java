package dev.edgevm.storage.internal;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.Progress;
import dev.edgevm.core.ProgressListener;
import dev.edgevm.core.WaitTimeoutException;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.StorageConfig;
import dev.edgevm.storage.internal.await.Await;
import dev.edgevm.storage.pool.ClaimRef;
import dev.edgevm.storage.pool.PoolVolume;
import dev.edgevm.storage.pool.ReleaseResult;
import dev.edgevm.storage.pool.internal.DefaultVolumePool;
import dev.edgevm.storage.upload.internal.UploadClaim;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes an upload's objects away again, each waited for until gone: a DataVolume with its claims
 * and upload pod, volumes (failing when a claim still holds one), and the scratch volume once CDI
 * is done with it.
 */
final class DataVolumeCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(DataVolumeCleanup.class);

    private final ClusterAccess cluster;
    private final DefaultVolumePool pool;
    private final Supplier<StorageConfig> config;
    private final Await await;

    DataVolumeCleanup(ClusterAccess cluster, DefaultVolumePool pool, Supplier<StorageConfig> config) {
        this.cluster = cluster;
        this.pool = pool;
        this.config = config;
        this.await = new Await(cluster);
    }

    /**
     * Deletes the DataVolume and waits until it, its claims and its upload pod are gone, so the
     * volumes can be wiped with nothing writing to them.
     */
    void deleteDataVolume(String ns, String name) {
        Duration timeout = config.get().cleanupTimeout();
        ObjectRef dvRef = ObjectRef.of("DataVolume", ns, name);
        // Named before the claim goes: CDI records the upload pod's name on it.
        String pod = UploadClaim.podName(cluster.cached(PersistentVolumeClaim.class, ns, name).orElse(null), name);
        cluster.run("delete", dvRef, () -> cluster.client().resources(DataVolume.class).inNamespace(ns).withName(name).delete());
        for (String claim : List.of(name, name + ClaimRef.SCRATCH_SUFFIX)) {
            ObjectRef ref = ObjectRef.of("PersistentVolumeClaim", ns, claim);
            cluster.run("delete", ref, () -> cluster.client().persistentVolumeClaims().inNamespace(ns).withName(claim).delete());
        }
        await.gone(dvRef + " to be deleted", timeout, DataVolume.class, ns, name, () -> readDataVolume(ns, name));
        for (String claim : List.of(name, name + ClaimRef.SCRATCH_SUFFIX)) {
            ObjectRef ref = ObjectRef.of("PersistentVolumeClaim", ns, claim);
            await.gone(ref + " to be deleted", timeout, PersistentVolumeClaim.class, ns, claim,
                    () -> cluster.call("get", ref, () -> cluster.client().persistentVolumeClaims().inNamespace(ns).withName(claim).get()));
        }
        ObjectRef podRef = ObjectRef.of("Pod", ns, pod);
        await.gone("upload " + podRef + " to be deleted", timeout, Pod.class, ns, pod,
                () -> cluster.call("get", podRef, () -> cluster.client().pods().inNamespace(ns).withName(pod).get()));
    }

    /**
     * Frees the scratch volume once CDI has deleted the upload pod and with it the scratch claim
     * (the volume turns Released). If CDI takes longer than the clean-up timeout, or the wipe
     * fails, the upload still stands: the pool recycles the volume on its next allocation or usage report.
     */
    void recycleScratch(PoolVolume scratch, ClaimRef scratchClaim, String ns, Duration timeout, String operation,
                                ProgressListener progress) {
        ObjectRef claimRef = ObjectRef.of("PersistentVolumeClaim", ns, scratchClaim.name());
        try {
            await.until("scratch volume " + scratch.name() + " to be Released", timeout, List.of(
                    new Await.Watched(PersistentVolume.class, null, scratch.name()),
                    new Await.Watched(PersistentVolumeClaim.class, ns, scratchClaim.name())), () -> {
                        Optional<PersistentVolume> pv = cluster.cached(PersistentVolume.class, null, scratch.name());
                        String phase = pv.map(p -> p.getStatus() == null ? null : p.getStatus().getPhase()).orElse(null);
                        if ("Released".equals(phase) || "Failed".equals(phase)) {
                            return Await.Outcome.success(Boolean.TRUE);
                        }
                        boolean claimGone = cluster.cached(PersistentVolumeClaim.class, ns, scratchClaim.name()).isEmpty()
                                && cluster.call("get", claimRef, () -> cluster.client().persistentVolumeClaims().inNamespace(ns)
                                .withName(scratchClaim.name()).get()) == null;
                        // Never bound (CDI used no scratch space) and its claim gone: as free as a Released one.
                        if (claimGone && !"Bound".equals(phase)) {
                            return Await.Outcome.success(Boolean.TRUE);
                        }
                        return Await.Outcome.waiting("volume " + phase + (claimGone ? ", scratch claim gone" : ", scratch claim exists"));
                    });
        } catch (WaitTimeoutException notYet) {
            LOG.warn("{}: scratch volume {} was not released within {}; the pool recycles it later", operation, scratch.name(), timeout);
            return;
        }
        ReleaseResult released;
        try {
            released = pool.release(List.of(scratch), ns);
        } catch (java.util.concurrent.CancellationException cancelled) {
            throw cancelled;
        } catch (RuntimeException e) {
            LOG.warn("{}: scratch volume {} not recycled ({}); the pool recycles it later", operation, scratch.name(), e.getMessage());
            return;
        }
        if (!released.kept().isEmpty()) {
            LOG.warn("{}: scratch volume {} kept: {}", operation, scratch.name(), released.kept());
            return;
        }
        progress.onProgress(Progress.step(operation, "scratch volume", scratch.name() + " wiped and returned to the pool"));
    }

    /** Releases the volumes, failing (so the step counts as not undone) when a claim still holds one. */
    void releaseAll(List<PoolVolume> volumes, String ns) {
        ReleaseResult result = pool.release(volumes, ns);
        if (!result.kept().isEmpty()) {
            throw new EdgeVmException("volumes kept because a claim still uses them: " + result.kept());
        }
    }

    private DataVolume readDataVolume(String ns, String name) {
        return cluster.call("get", ObjectRef.of("DataVolume", ns, name),
                () -> cluster.client().resources(DataVolume.class).inNamespace(ns).withName(name).get());
    }
}
