package dev.edgevm.storage.snapshot;

import dev.edgevm.core.EdgeVmStyle;
import dev.edgevm.core.SpecBuilder;
import java.util.List;
import java.util.Map;
import org.immutables.value.Value;

/** What a restore did: the VM, and for each disk the claim it now uses and the volume behind it. */
@Value.Immutable
@EdgeVmStyle
public abstract class SnapshotRestore {

    public abstract String namespace();

    public abstract String vm();

    public abstract String snapshot();

    /** Claim by disk name, e.g. {@code rootdisk -> centos-dv}. */
    public abstract Map<String, String> claims();

    /** Volume by disk name: the freshly written node-local volume, or the claim's new volume on CSI storage. */
    public abstract Map<String, String> volumes();

    /** The volumes that held the disks before and were wiped and freed (node-local). */
    public abstract List<String> releasedVolumes();

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ImmutableSnapshotRestore.Builder implements SpecBuilder<SnapshotRestore> {}
}
