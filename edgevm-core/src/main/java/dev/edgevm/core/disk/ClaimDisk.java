package dev.edgevm.core.disk;

import dev.edgevm.core.EdgeVmStyle;
import dev.edgevm.core.SpecBuilder;
import dev.edgevm.core.KubernetesNames;
import dev.edgevm.core.Violations;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/** A disk on an existing PersistentVolumeClaim (for example one a DataVolume filled earlier). */
@Value.Immutable
@EdgeVmStyle
public abstract class ClaimDisk implements Disk {

    /** The claim's name in the VM's namespace, e.g. {@code centos-dv}. */
    public abstract String claimName();

    @Value.Default
    public boolean readOnly() {
        return false;
    }

    @Override
    public abstract Optional<String> name();

    @Override
    @Value.Default
    public DiskBus bus() {
        return DiskBus.VIRTIO;
    }

    @Override
    public abstract OptionalInt bootOrder();

    @Override
    @Value.Default
    public boolean bootable() {
        return true;
    }

    public static ClaimDisk of(String claimName) {
        return builder().claimName(claimName).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return builder().from(this);
    }

    @Value.Check
    final void check() {
        Violations v = Violations.collect();
        if (claimName() == null || claimName().isEmpty()) {
            v.add("claimName", Violations.MISSING);
        } else if (!KubernetesNames.isDns1123Subdomain(claimName())) {
            v.add("claimName", "'" + claimName() + "' is not a valid claim name (a DNS-1123 subdomain)");
        }
        DiskChecks.common(v, this);
        v.throwIfAny("ClaimDisk");
    }

    public static final class Builder extends ImmutableClaimDisk.Builder implements SpecBuilder<ClaimDisk> {}
}
