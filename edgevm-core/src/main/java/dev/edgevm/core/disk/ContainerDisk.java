package dev.edgevm.core.disk;

import dev.edgevm.core.EdgeVmStyle;
import dev.edgevm.core.SpecBuilder;
import dev.edgevm.core.Violations;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * An ephemeral disk from a container image whose single layer holds a qcow2 or raw image under
 * {@code /disk/}. Writes are lost when the VM stops: the runbook's stateless VMs.
 */
@Value.Immutable
@EdgeVmStyle
public abstract class ContainerDisk implements Disk {

    /** The image reference, e.g. {@code kubevirt/cirros-registry-disk-demo} or {@code registry:5000/centos:7}. */
    public abstract String image();

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
        return true;
    }

    public static ContainerDisk of(String image) {
        return builder().image(image).build();
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
        String problem = ImageReferences.problem(image());
        if (problem != null) {
            v.add("image", problem);
        }
        DiskChecks.common(v, this);
        v.throwIfAny("ContainerDisk");
    }

    public static final class Builder extends ImmutableContainerDisk.Builder implements SpecBuilder<ContainerDisk> {}
}
