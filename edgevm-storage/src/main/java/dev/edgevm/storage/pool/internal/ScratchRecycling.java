package dev.edgevm.storage.pool.internal;

import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.pool.ClaimRef;
import dev.edgevm.storage.pool.PoolConfig;
import dev.edgevm.storage.pool.PoolLabels;
import dev.edgevm.storage.pool.PoolVolume;
import dev.edgevm.storage.pool.ReleaseResult;
import dev.edgevm.storage.pool.VolumeRole;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees the scratch volumes CDI is done with: Released (CDI deleted the scratch claim with the
 * upload pod) and the upload over, its DataVolume Succeeded or gone. An upload recycles its own
 * scratch volume when it ends; this catches those it could not (a crash, a slow CDI), whenever
 * the pool allocates or reports its usage. A Released scratch volume of an upload still under way
 * is left alone.
 */
final class ScratchRecycling {

    private static final Logger LOG = LoggerFactory.getLogger(ScratchRecycling.class);

    private final ClusterAccess cluster;
    private final Supplier<PoolConfig> config;
    private final Function<List<PoolVolume>, ReleaseResult> release;

    ScratchRecycling(ClusterAccess cluster, Supplier<PoolConfig> config, Function<List<PoolVolume>, ReleaseResult> release) {
        this.cluster = cluster;
        this.config = config;
        this.release = release;
    }

    /** Recycles the finished scratch volumes among {@code known}. */
    ReleaseResult recycle(List<PersistentVolume> known) {
        List<PoolVolume> finished = finished(known);
        return finished.isEmpty() ? new ReleaseResult(List.of(), Map.of()) : release.apply(finished);
    }

    /**
     * Recycles what it can, on the way to something else: a failure is logged, not thrown, and
     * volumes another client is already releasing are not waited for.
     *
     * @return whether some volume was freed
     */
    boolean recycleQuietly(List<PersistentVolume> known) {
        List<PersistentVolume> free = known.stream()
                .filter(pv -> ReleaseLease.heldByOther(pv, null, Instant.now()).isEmpty()).toList();
        try {
            ReleaseResult result = recycle(free);
            if (!result.released().isEmpty()) {
                LOG.info("recycled scratch volumes {}: their uploads are over", result.released());
            }
            return !result.released().isEmpty();
        } catch (RuntimeException e) {
            LOG.warn("scratch volumes not recycled yet ({}); the pool tries again on its next allocation", e.getMessage());
            return false;
        }
    }

    private List<PoolVolume> finished(List<PersistentVolume> known) {
        PoolVolumes volumes = new PoolVolumes(config.get());
        return known.stream()
                .filter(ScratchRecycling::releasedScratch)
                .map(pv -> volumes.read(pv, Map.of()))
                .flatMap(Optional::stream)
                .filter(v -> v.claim().map(this::uploadOver).orElse(true))
                .toList();
    }

    private static boolean releasedScratch(PersistentVolume pv) {
        Map<String, String> labels = pv.getMetadata().getLabels();
        String phase = pv.getStatus() == null ? null : pv.getStatus().getPhase();
        return labels != null && VolumeRole.SCRATCH.label().equals(labels.get(PoolLabels.ROLE)) && PoolVolumes.managed(pv)
                && pv.getMetadata().getDeletionTimestamp() == null && ("Released".equals(phase) || "Failed".equals(phase));
    }

    /** Whether the upload that used {@code scratchClaim} is over: its DataVolume Succeeded or is gone. */
    private boolean uploadOver(ClaimRef scratchClaim) {
        String name = scratchClaim.name();
        if (!name.endsWith(ClaimRef.SCRATCH_SUFFIX)) {
            return true;
        }
        String dataVolume = name.substring(0, name.length() - ClaimRef.SCRATCH_SUFFIX.length());
        String ns = scratchClaim.namespace();
        DataVolume dv = cluster.call("get", ObjectRef.of("DataVolume", ns, dataVolume),
                () -> cluster.client().resources(DataVolume.class).inNamespace(ns).withName(dataVolume).get());
        return dv == null || dv.getStatus() != null && "Succeeded".equals(dv.getStatus().phase());
    }
}
