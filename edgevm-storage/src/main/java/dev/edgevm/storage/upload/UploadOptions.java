package dev.edgevm.storage.upload;

import dev.edgevm.core.EdgeVmStyle;
import dev.edgevm.core.KubernetesNames;
import dev.edgevm.core.SpecBuilder;
import dev.edgevm.core.Violations;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Where one standalone upload goes. Everything is optional: the EdgeVm's namespace, the pool's
 * storage class, the node with the most free volumes, the DataVolume as owner.
 */
@Value.Immutable
@EdgeVmStyle
public abstract class UploadOptions {

    private static final UploadOptions DEFAULTS = builder().build();

    public abstract Optional<String> namespace();

    /** The storage class; the pool's ({@code local-storage}) when absent. */
    public abstract Optional<String> storageClass();

    /** The node whose local volume receives the image (pool class only). */
    public abstract Optional<String> node();

    /** The owner recorded on the pool volumes, e.g. the VM that will use the disk; the DataVolume's name when absent. */
    public abstract Optional<String> owner();

    public static UploadOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Value.Check
    final void check() {
        Violations v = Violations.collect();
        namespace().ifPresent(n -> KubernetesNames.checkLabelName(v, "namespace", n));
        storageClass().ifPresent(c -> v.require(KubernetesNames.isDns1123Subdomain(c), "storageClass",
                "'" + c + "' is not a valid storage class name"));
        node().ifPresent(n -> v.require(KubernetesNames.isDns1123Subdomain(n), "node", "'" + n + "' is not a valid node name"));
        owner().ifPresent(o -> KubernetesNames.checkLabelName(v, "owner", o));
        v.throwIfAny("UploadOptions");
    }

    public static final class Builder extends ImmutableUploadOptions.Builder implements SpecBuilder<UploadOptions> {}
}
