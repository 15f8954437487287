package dev.edgevm.storage.pool;

import dev.edgevm.core.EdgeVmStyle;
import dev.edgevm.core.KubernetesNames;
import dev.edgevm.core.Quantity;
import dev.edgevm.core.SpecBuilder;
import dev.edgevm.core.Violations;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/** One volume to allocate: on which node, for whom, in which role, of what size, for which claim. */
@Value.Immutable
@EdgeVmStyle
public abstract class VolumeRequest {

    private static final java.util.Set<String> POOL_KEYS = java.util.Set.of(PoolLabels.NODE, PoolLabels.INDEX, PoolLabels.OWNER,
            PoolLabels.OWNER_NAMESPACE, PoolLabels.ROLE, dev.edgevm.kubevirt.EdgeVmLabels.MANAGED_BY);

    public abstract String node();

    public abstract VolumeOwner owner();

    @Value.Default
    public VolumeRole role() {
        return VolumeRole.DATA;
    }

    /** The capacity; the pool's default capacity when absent. */
    public abstract Optional<Quantity> size();

    /** The claim to pre-bind the volume to; a volume without one can bind to no claim by accident. */
    public abstract Optional<ClaimRef> claim();

    /** More labels for the volume, e.g. a snapshot's record; the pool's own labels cannot be replaced. */
    public abstract Map<String, String> labels();

    /** Annotations for the volume, written with it in the same create. */
    public abstract Map<String, String> annotations();

    public static Builder builder() {
        return new Builder();
    }

    @Value.Check
    final void check() {
        Violations v = Violations.collect();
        if (node() == null) {
            v.add("node", Violations.MISSING);
        } else if (!KubernetesNames.isDns1123Subdomain(node()) || node().length() > 63) {
            v.add("node", "'" + node() + "' is not a node name the pool supports (a DNS name of at most 63 characters)");
        }
        v.require(owner() != null, "owner", Violations.MISSING);
        size().ifPresent(s -> v.require(s.isPositive(), "size", "must be a positive size, was " + s));
        labels().forEach((key, value) -> {
            KubernetesNames.checkQualifiedName(v, "labels", key);
            KubernetesNames.checkLabelValue(v, "labels[" + key + "]", value);
            v.require(!key.equals(PoolLabels.ALLOCATION) && !POOL_KEYS.contains(key), "labels[" + key + "]",
                    "is one of the pool's own labels");
        });
        v.throwIfAny("VolumeRequest");
    }

    public static final class Builder extends ImmutableVolumeRequest.Builder implements SpecBuilder<VolumeRequest> {}
}
