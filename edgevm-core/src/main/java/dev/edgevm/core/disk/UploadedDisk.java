package dev.edgevm.core.disk;

import dev.edgevm.core.EdgeVmStyle;
import dev.edgevm.core.SpecBuilder;
import dev.edgevm.core.KubernetesNames;
import dev.edgevm.core.Quantity;
import dev.edgevm.core.Violations;
import dev.edgevm.core.internal.BuilderErrors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * A persistent disk whose content is a local image file (qcow2 or raw), uploaded through CDI into a
 * new DataVolume of {@code size} before the VM is created: the runbook's stateful VMs.
 */
@Value.Immutable
@EdgeVmStyle
public abstract class UploadedDisk implements Disk {

    /** The local image file to upload. */
    public abstract Path imagePath();

    /** The requested volume size; the image's virtual size must fit in it after filesystem overhead. */
    public abstract Quantity size();

    /** The storage class; when absent the SDK's local volume pool class ({@code local-storage}) is used. */
    public abstract Optional<String> storageClass();

    /** The node whose local volume receives the disk; when absent the VM's node, or a node with free volumes. */
    public abstract Optional<String> node();

    /** The DataVolume's name; when absent {@code <vm>-<disk>}. */
    public abstract Optional<String> dataVolumeName();

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

    /** Starts a builder for {@code image}; the size is required too. */
    public static Builder of(Path image) {
        return builder().imagePath(image);
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
        if (imagePath() == null) {
            v.add("imagePath", Violations.MISSING);
        } else if (!Files.exists(imagePath())) {
            v.add("imagePath", "'" + imagePath() + "' does not exist");
        } else if (!Files.isRegularFile(imagePath())) {
            v.add("imagePath", "'" + imagePath() + "' is not a regular file");
        } else if (!Files.isReadable(imagePath())) {
            v.add("imagePath", "'" + imagePath() + "' is not readable");
        }
        DiskChecks.size(v, size());
        DiskChecks.storageClass(v, storageClass().orElse(null));
        node().ifPresent(n -> v.require(KubernetesNames.isDns1123Subdomain(n), "node", "'" + n + "' is not a valid node name"));
        dataVolumeName().ifPresent(n -> KubernetesNames.checkLabelName(v, "dataVolumeName", n));
        DiskChecks.common(v, this);
        v.throwIfAny("UploadedDisk");
    }

    public static final class Builder extends ImmutableUploadedDisk.Builder implements SpecBuilder<UploadedDisk> {
        private final BuilderErrors errors = new BuilderErrors();

        /** The size as a Kubernetes quantity, e.g. {@code 15Gi}. */
        public Builder size(String quantity) {
            errors.parse("size", quantity, Quantity::tryParse, Quantity::problem, (Quantity q) -> size(q));
            return this;
        }

        @Override
        public UploadedDisk build() {
            return errors.build(super::build, built -> "UploadedDisk");
        }
    }
}
