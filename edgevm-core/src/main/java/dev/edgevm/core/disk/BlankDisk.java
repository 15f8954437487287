package dev.edgevm.core.disk;

import dev.edgevm.core.EdgeVmStyle;
import dev.edgevm.core.SpecBuilder;
import dev.edgevm.core.Quantity;
import dev.edgevm.core.Violations;
import dev.edgevm.core.internal.BuilderErrors;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/** An empty persistent disk of {@code size}, created as a blank DataVolume with the VM. */
@Value.Immutable
@EdgeVmStyle
public abstract class BlankDisk implements Disk {

    public abstract Quantity size();

    /** The storage class; when absent the cluster's default class. */
    public abstract Optional<String> storageClass();

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
    public final boolean bootable() {
        return false;
    }

    public static BlankDisk of(String name, String size) {
        return builder().name(name).size(size).build();
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
        DiskChecks.size(v, size());
        DiskChecks.storageClass(v, storageClass().orElse(null));
        DiskChecks.common(v, this);
        v.throwIfAny("BlankDisk");
    }

    public static final class Builder extends ImmutableBlankDisk.Builder implements SpecBuilder<BlankDisk> {
        private final BuilderErrors errors = new BuilderErrors();

        /** The size as a Kubernetes quantity, e.g. {@code 10Gi}. */
        public Builder size(String quantity) {
            errors.parse("size", quantity, Quantity::tryParse, Quantity::problem, (Quantity q) -> size(q));
            return this;
        }

        @Override
        public BlankDisk build() {
            return errors.build(super::build, built -> "BlankDisk");
        }
    }
}
