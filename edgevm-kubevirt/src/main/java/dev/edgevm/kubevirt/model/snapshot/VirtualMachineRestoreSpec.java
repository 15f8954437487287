package dev.edgevm.kubevirt.model.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.TypedLocalObjectReference;
import java.util.List;

/**
 * Which snapshot to restore into which VM. {@code targetReadinessPolicy}: WaitGracePeriod (default),
 * WaitEventually, FailImmediate, StopTarget; {@code volumeRestorePolicy}: RandomizeNames (default),
 * InPlace, PrefixTargetName; {@code patches}: JSON patches applied to a target VM the restore creates.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record VirtualMachineRestoreSpec(
        TypedLocalObjectReference target,
        String virtualMachineSnapshotName,
        String targetReadinessPolicy,
        String volumeRestorePolicy,
        List<String> patches) {

    /** A restore of {@code snapshot} into the VM {@code vm}, with KubeVirt's defaults. */
    public static VirtualMachineRestoreSpec of(String vm, String snapshot) {
        return new VirtualMachineRestoreSpec(new TypedLocalObjectReference("kubevirt.io", "VirtualMachine", vm), snapshot,
                null, null, null);
    }
}
