package dev.edgevm.storage.pool;

import dev.edgevm.core.EdgeVmStyle;
import dev.edgevm.core.KubernetesNames;
import dev.edgevm.core.Quantity;
import dev.edgevm.core.SpecBuilder;
import dev.edgevm.core.Violations;
import org.immutables.value.Value;

/**
 * How the node-local volume pool is laid out, as the edge inventory configures it
 * ({@code kubevirt_default_pv_dir}, {@code kubevirt_default_pv_vol_name}, {@code kubevirt_pv_vm_max_num}):
 * volume N of a node lives in {@code <baseDirectory>/<volumePrefix><N>/} on that node. Volumes are
 * PersistentVolumes of {@link #storageClass()} with reclaim policy Retain: the pool wipes and frees
 * them itself, so nothing is deleted behind its back.
 *
 * <pre>{@code
 * PoolConfig.builder().baseDirectory("/var/vd/").volumePrefix("vol").maxVolumesPerNode(64).build();
 * }</pre>
 */
@Value.Immutable
@EdgeVmStyle
public abstract class PoolConfig {

    private static final PoolConfig DEFAULTS = builder().build();

    /** The directory on every node that holds the volume directories; default {@code /var/vd/}. */
    @Value.Default
    public String baseDirectory() {
        return "/var/vd/";
    }

    /** The volume directories' name before their number; default {@code vol}. */
    @Value.Default
    public String volumePrefix() {
        return "vol";
    }

    /** How many volumes each node has; default 64. */
    @Value.Default
    public int maxVolumesPerNode() {
        return 64;
    }

    /** The capacity of a volume allocated without a size; default 15Gi. */
    @Value.Default
    public Quantity defaultCapacity() {
        return Quantity.parse("15Gi");
    }

    /** The storage class of the pool's volumes (no provisioner); default {@code local-storage}. */
    @Value.Default
    public String storageClass() {
        return "local-storage";
    }

    public static PoolConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return builder().from(this);
    }

    /** The node path of volume {@code index}, e.g. {@code /var/vd/vol3}. */
    public String volumePath(int index) {
        String base = baseDirectory().endsWith("/") ? baseDirectory() : baseDirectory() + "/";
        return base + volumePrefix() + index;
    }

    @Value.Check
    final void check() {
        Violations v = Violations.collect();
        String base = baseDirectory();
        if (base == null || !base.startsWith("/") || base.contains("/../") || base.endsWith("/..") || base.contains("//")) {
            v.add("baseDirectory", "'" + base + "' must be an absolute path on the node without '..' or '//', e.g. /var/vd/");
        } else if (base.replace("/", "").isEmpty()) {
            v.add("baseDirectory", "must not be the node's root directory");
        }
        String prefix = volumePrefix();
        v.require(prefix != null && prefix.matches("[a-z]([-a-z0-9]{0,30}[a-z0-9])?"), "volumePrefix",
                "'" + prefix + "' must be lower-case letters, digits and '-', starting with a letter, e.g. vol");
        v.require(maxVolumesPerNode() >= 1 && maxVolumesPerNode() <= 10_000, "maxVolumesPerNode",
                "must be between 1 and 10000, was " + maxVolumesPerNode());
        v.require(defaultCapacity() != null && defaultCapacity().isPositive(), "defaultCapacity", "must be a positive size, e.g. 15Gi");
        if (storageClass() == null) {
            v.add("storageClass", Violations.MISSING);
        } else {
            v.require(KubernetesNames.isDns1123Subdomain(storageClass()), "storageClass",
                    "'" + storageClass() + "' is not a valid storage class name");
        }
        v.throwIfAny("PoolConfig");
    }

    public static final class Builder extends ImmutablePoolConfig.Builder implements SpecBuilder<PoolConfig> {

        /** The default capacity as a Kubernetes quantity, e.g. {@code 15Gi}. */
        public Builder defaultCapacity(String quantity) {
            defaultCapacity(Quantity.parse(quantity));
            return this;
        }
    }
}
