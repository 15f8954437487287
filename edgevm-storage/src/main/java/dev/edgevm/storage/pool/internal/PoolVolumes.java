package dev.edgevm.storage.pool.internal;

import dev.edgevm.core.Quantity;
import dev.edgevm.kubevirt.EdgeVmLabels;
import dev.edgevm.storage.internal.nodes.Hostnames;
import dev.edgevm.storage.pool.ClaimRef;
import dev.edgevm.storage.pool.PoolConfig;
import dev.edgevm.storage.pool.PoolLabels;
import dev.edgevm.storage.pool.PoolVolume;
import dev.edgevm.storage.pool.VolumeOwner;
import dev.edgevm.storage.pool.VolumePool;
import dev.edgevm.storage.pool.VolumeRole;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pool's PersistentVolumes on the wire: rendering a new one, and reading any node-local
 * volume back as a {@link PoolVolume} (its node from the node affinity, its directory from
 * {@code spec.local} or {@code spec.hostPath}, its number from the pool's labels or its path).
 */
final class PoolVolumes {

    private final PoolConfig config;
    private final Pattern poolPath;

    PoolVolumes(PoolConfig config) {
        this.config = config;
        String base = config.baseDirectory().endsWith("/") ? config.baseDirectory() : config.baseDirectory() + "/";
        this.poolPath = Pattern.compile(Pattern.quote(base) + Pattern.quote(config.volumePrefix()) + "(\\d{1,5})/?");
    }

    /** {@code node01-vol3}: the node and the number, so the API server's name uniqueness guards the directory. */
    String name(String node, int index) {
        return node + "-" + config.volumePrefix() + index;
    }

    PersistentVolume render(String node, String hostname, int index, VolumeOwner owner, VolumeRole role,
                            Quantity capacity, ClaimRef claim, String allocationId, Map<String, String> extraLabels,
                            Map<String, String> annotations) {
        Map<String, String> labels = new LinkedHashMap<>(extraLabels);
        labels.put(EdgeVmLabels.MANAGED_BY, EdgeVmLabels.MANAGED_BY_VALUE);
        labels.put(PoolLabels.NODE, node);
        labels.put(PoolLabels.INDEX, Integer.toString(index));
        labels.put(PoolLabels.OWNER, owner.name());
        labels.put(PoolLabels.OWNER_NAMESPACE, owner.namespace());
        labels.put(PoolLabels.ROLE, role.label());
        return new PersistentVolumeBuilder()
                .withNewMetadata().withName(name(node, index)).withLabels(labels)
                .addToAnnotations(annotations).addToAnnotations(PoolLabels.ALLOCATION, allocationId).endMetadata()
                .withNewSpec()
                .addToCapacity("storage", new io.fabric8.kubernetes.api.model.Quantity(capacity.toString()))
                .withAccessModes("ReadWriteOnce")
                .withVolumeMode("Filesystem")
                .withPersistentVolumeReclaimPolicy("Retain")
                .withStorageClassName(config.storageClass())
                .withNewLocal().withPath(config.volumePath(index)).endLocal()
                .withClaimRef(claim == null ? null : new io.fabric8.kubernetes.api.model.ObjectReferenceBuilder()
                        .withApiVersion("v1").withKind("PersistentVolumeClaim")
                        .withNamespace(claim.namespace()).withName(claim.name()).build())
                .withNewNodeAffinity().withNewRequired()
                .addNewNodeSelectorTerm().addNewMatchExpression()
                .withKey(Hostnames.LABEL).withOperator("In").withValues(hostname)
                .endMatchExpression().endNodeSelectorTerm()
                .endRequired().endNodeAffinity()
                .endSpec()
                .build();
    }

    /** Whether the volume was made by the pool (it carries the pool's labels). */
    static boolean managed(PersistentVolume pv) {
        Map<String, String> labels = labels(pv);
        return EdgeVmLabels.MANAGED_BY_VALUE.equals(labels.get(EdgeVmLabels.MANAGED_BY)) && labels.containsKey(PoolLabels.NODE);
    }

    /**
     * The volume as the pool sees it, if it is node-local: on a pool directory (index from its
     * labels or path) or elsewhere (index -1, e.g. a volume made by hand for one claim).
     *
     * @param hostnames node name by {@code kubernetes.io/hostname} value
     */
    Optional<PoolVolume> read(PersistentVolume pv, Map<String, String> hostnames) {
        String path = path(pv);
        Optional<String> affinity = Hostnames.pinnedBy(pv);
        Map<String, String> labels = labels(pv);
        boolean managed = managed(pv);
        String node = managed ? labels.get(PoolLabels.NODE) : affinity.map(h -> hostnames.getOrDefault(h, h)).orElse(null);
        if (path == null || node == null) {
            return Optional.empty();
        }
        int index = managed ? parseIndex(labels.get(PoolLabels.INDEX)) : index(path);
        VolumeRole role = managed ? VolumeRole.ofLabel(labels.get(PoolLabels.ROLE)).orElse(null) : null;
        VolumeOwner owner = managed && labels.containsKey(PoolLabels.OWNER) && labels.containsKey(PoolLabels.OWNER_NAMESPACE)
                ? VolumeOwner.of(labels.get(PoolLabels.OWNER_NAMESPACE), labels.get(PoolLabels.OWNER)) : null;
        String phase = pv.getStatus() == null ? null : pv.getStatus().getPhase();
        if (pv.getMetadata().getDeletionTimestamp() != null) {
            phase = "Terminating";
        }
        return Optional.of(new PoolVolume(pv.getMetadata().getName(), node, index, path, capacity(pv), role, owner,
                claim(pv).orElse(null), phase, managed, pv.getMetadata().getUid()));
    }

    /**
     * The pool number the volume takes on the node, -1 when it is on another node or off the
     * pool's directories: what {@link #read} would say, without reading the rest of the volume
     * (an allocation asks this of every volume in the cluster).
     */
    int indexOn(PersistentVolume pv, String node, String hostname) {
        String path = path(pv);
        if (path == null) {
            return -1;
        }
        if (managed(pv)) {
            Map<String, String> labels = labels(pv);
            return node.equals(labels.get(PoolLabels.NODE)) ? parseIndex(labels.get(PoolLabels.INDEX)) : -1;
        }
        return Hostnames.pinnedBy(pv).filter(h -> h.equals(hostname) || h.equals(node)).isPresent() ? index(path) : -1;
    }

    /** The pool index a path stands for, -1 when it is not a pool directory. */
    int index(String path) {
        Matcher m = poolPath.matcher(path);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    static Optional<ClaimRef> claim(PersistentVolume pv) {
        ObjectReference ref = pv.getSpec() == null ? null : pv.getSpec().getClaimRef();
        if (ref == null || ref.getName() == null || ref.getNamespace() == null) {
            return Optional.empty();
        }
        return Optional.of(ClaimRef.of(ref.getNamespace(), ref.getName()));
    }

    static String path(PersistentVolume pv) {
        if (pv.getSpec() == null) {
            return null;
        }
        if (pv.getSpec().getLocal() != null) {
            return pv.getSpec().getLocal().getPath();
        }
        return pv.getSpec().getHostPath() == null ? null : pv.getSpec().getHostPath().getPath();
    }

    private static Quantity capacity(PersistentVolume pv) {
        if (pv.getSpec() == null || pv.getSpec().getCapacity() == null || pv.getSpec().getCapacity().get("storage") == null) {
            return null;
        }
        io.fabric8.kubernetes.api.model.Quantity q = pv.getSpec().getCapacity().get("storage");
        return Quantity.tryParse(q.getAmount() + (q.getFormat() == null ? "" : q.getFormat())).orElse(null);
    }

    private static int parseIndex(String value) {
        try {
            return value == null ? -1 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Map<String, String> labels(PersistentVolume pv) {
        Map<String, String> labels = pv.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    /** What a release removes from a volume's directory: every file the SDK or CDI writes there. */
    static List<String> wipedFiles() {
        return List.of(VolumePool.DISK_FILE, VolumePool.SCRATCH_FILE, VolumePool.SNAPSHOT_FILE);
    }
}
