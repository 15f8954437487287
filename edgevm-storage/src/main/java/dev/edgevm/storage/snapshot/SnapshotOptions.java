package dev.edgevm.storage.snapshot;

import dev.edgevm.core.EdgeVmStyle;
import dev.edgevm.core.SpecBuilder;
import org.immutables.value.Value;

/**
 * How to take a snapshot.
 *
 * <pre>{@code
 * snapshots.take("centos-vm", "before-upgrade", SnapshotOptions.builder().compress(true).build());
 * }</pre>
 */
@Value.Immutable
@EdgeVmStyle
public abstract class SnapshotOptions {

    private static final SnapshotOptions DEFAULTS = builder().build();

    /**
     * Write compressed qcow2 clusters ({@code qemu-img convert -c}): smaller, slower to take and to
     * restore. Node-local snapshots only; CSI storage decides for itself.
     */
    @Value.Default
    public boolean compress() {
        return false;
    }

    /**
     * Accept a crash-consistent copy of a running VM: the guest is paused for the copy and resumed
     * after it (a VM already paused stays paused). Without this, a running or paused VM is refused,
     * because a disk the guest is writing to can be copied half-written.
     */
    @Value.Default
    public boolean pausedOk() {
        return false;
    }

    public static SnapshotOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ImmutableSnapshotOptions.Builder implements SpecBuilder<SnapshotOptions> {}
}
