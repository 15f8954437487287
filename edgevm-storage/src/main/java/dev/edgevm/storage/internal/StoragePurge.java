package dev.edgevm.storage.internal;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.EdgeVmLabels;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.Volume;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.kubevirt.spi.DeleteContext;
import dev.edgevm.storage.pool.ClaimRef;
import dev.edgevm.storage.pool.PoolVolume;
import dev.edgevm.storage.pool.ReleaseResult;
import dev.edgevm.storage.pool.VolumeOwner;
import dev.edgevm.storage.pool.VolumeRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runbook's "completely deleting a stateful VM" (troubleshooting item 3), after the SDK has
 * deleted the VM and waited for it: the DataVolumes and claims the VM used (and any the SDK made
 * for it), then the node-local volumes behind them: wiped on their node first, deleted after.
 * Snapshot volumes of the VM are kept: a snapshot is how a deleted VM is made again. Everything is
 * found from the cluster (labels, the volumes' claims), so a purge that failed half-way converges
 * when run again after the VM is gone.
 * In this order nothing waits on a finalizer: the claims' protection goes with the VM's pod, the
 * volumes' protection goes once their claims are gone.
 */
final class StoragePurge {

    private static final Logger LOG = LoggerFactory.getLogger(StoragePurge.class);

    private final DefaultEdgeStorage storage;
    private final ClusterAccess cluster;

    StoragePurge(DefaultEdgeStorage storage) {
        this.storage = storage;
        this.cluster = storage.cluster();
    }

    void purge(DeleteContext context) {
        String ns = context.namespace();
        String vm = context.name();
        VolumeOwner owner = VolumeOwner.of(ns, vm);
        // Snapshots outlive their VM, as KubeVirt's do: they are deleted through snapshots().delete.
        List<PoolVolume> volumes = new ArrayList<>(storage.volumePool().volumesOf(owner).stream()
                .filter(v -> v.role().filter(VolumeRole.SNAPSHOT::equals).isEmpty()).toList());
        Set<String> claims = claimsOf(context, volumes);
        Map<String, String> skipped = sharedWithOtherVms(ns, vm, claims);
        claims.removeAll(skipped.keySet());
        skipped.forEach((claim, other) -> LOG.warn("purge of VM {}/{}: claim {} is kept, VM {} uses it too", ns, vm, claim, other));

        for (String claim : claims) {
            storage.provisioner().cleanup().deleteDataVolume(ns, claim);
        }
        for (String claim : claims) {
            ClaimRef ref = ClaimRef.of(ns, claim);
            for (ClaimRef c : List.of(ref, ref.scratch())) {
                Optional<PoolVolume> volume = storage.volumePool().find(c);
                volume.filter(v -> volumes.stream().noneMatch(known -> known.name().equals(v.name()))).ifPresent(volumes::add);
            }
        }
        ReleaseResult result = storage.volumePool().release(volumes, ns);
        if (!result.kept().isEmpty()) {
            throw new EdgeVmException("VM " + ns + "/" + vm + " was deleted but some of its volumes were kept: " + result.kept());
        }
    }

    /**
     * Every claim the VM had, read from the cluster so that a purge run again after the VM is gone
     * still finds them: the VM's volumes (when it was still there), the DataVolumes and claims
     * labelled with it, and the claims its pool volumes are (pre-)bound to (a scratch volume's
     * stands for its DataVolume's).
     */
    private Set<String> claimsOf(DeleteContext context, List<PoolVolume> ownVolumes) {
        String ns = context.namespace();
        String vm = context.name();
        Set<String> claims = new LinkedHashSet<>();
        context.deleted().ifPresent(deleted -> claims.addAll(claimsOf(deleted)));
        cluster.call("list", ObjectRef.of("DataVolume", ns, null), () -> cluster.client().resources(DataVolume.class).inNamespace(ns)
                        .withLabel(EdgeVmLabels.MANAGED_BY, EdgeVmLabels.MANAGED_BY_VALUE).withLabel(EdgeVmLabels.VM, vm).list().getItems())
                .forEach(dv -> claims.add(dv.getMetadata().getName()));
        cluster.call("list", ObjectRef.of("PersistentVolumeClaim", ns, null), () -> cluster.client().persistentVolumeClaims().inNamespace(ns)
                        .withLabel(EdgeVmLabels.MANAGED_BY, EdgeVmLabels.MANAGED_BY_VALUE).withLabel(EdgeVmLabels.VM, vm).list().getItems())
                .forEach(pvc -> claims.add(pvc.getMetadata().getName()));
        for (PoolVolume volume : ownVolumes) {
            volume.claim().filter(c -> c.namespace().equals(ns)).map(c -> volume.role().orElse(null) == VolumeRole.SCRATCH
                    && c.name().endsWith(ClaimRef.SCRATCH_SUFFIX)
                    ? c.name().substring(0, c.name().length() - ClaimRef.SCRATCH_SUFFIX.length()) : c.name()).ifPresent(claims::add);
        }
        return claims;
    }

    /** The claims behind the VM's disks: DataVolume volumes (same name) and claim volumes. */
    private static List<String> claimsOf(VirtualMachine vm) {
        List<String> claims = new ArrayList<>();
        for (Volume v : volumes(vm)) {
            if (v.dataVolume() != null && v.dataVolume().name() != null) {
                claims.add(v.dataVolume().name());
            }
            if (v.persistentVolumeClaim() != null && v.persistentVolumeClaim().claimName() != null) {
                claims.add(v.persistentVolumeClaim().claimName());
            }
        }
        return claims;
    }

    private static List<Volume> volumes(VirtualMachine vm) {
        if (vm.getSpec() == null || vm.getSpec().template() == null || vm.getSpec().template().spec() == null
                || vm.getSpec().template().spec().volumes() == null) {
            return List.of();
        }
        return vm.getSpec().template().spec().volumes();
    }

    /** Claims another VM of the namespace also uses, with that VM's name: a purge must not take them away. */
    private Map<String, String> sharedWithOtherVms(String ns, String vm, Set<String> claims) {
        Map<String, String> shared = new LinkedHashMap<>();
        for (VirtualMachine other : cluster.call("list", ObjectRef.of("VirtualMachine", ns, null),
                () -> cluster.client().resources(VirtualMachine.class).inNamespace(ns).list().getItems())) {
            if (other.getMetadata().getName().equals(vm) || other.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            for (String claim : claimsOf(other)) {
                if (claims.contains(claim)) {
                    shared.putIfAbsent(claim, other.getMetadata().getName());
                }
            }
        }
        return shared;
    }
}
