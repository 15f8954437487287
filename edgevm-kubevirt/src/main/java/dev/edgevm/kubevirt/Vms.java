package dev.edgevm.kubevirt;

import dev.edgevm.core.ProgressListener;
import dev.edgevm.core.VmSpec;
import java.util.List;
import java.util.Map;

/**
 * The VMs of one namespace (the client's default, or the one {@link #inNamespace} names).
 * Scoping verbs ({@code inNamespace}, {@code withName}) do no I/O; terminal verbs do.
 */
public interface Vms {

    /** The VMs of another namespace. */
    Vms inNamespace(String namespace);

    /** One VM by name (no I/O). */
    VmResource withName(String name);

    /**
     * Creates every object the spec needs (cloud-init Secret, volumes and uploads for persistent
     * disks, the VirtualMachine), in the spec's namespace. Idempotent: deploying the same spec
     * again adopts what exists and reports {@link DeployOutcome#UNCHANGED}; a different spec for
     * an existing VM throws {@link dev.edgevm.core.ConflictException} saying what differs (use
     * {@link #apply}). A failure undoes what this call created and throws
     * {@link dev.edgevm.core.OperationFailedException}.
     */
    DeployedVm deploy(VmSpec spec);

    /** {@link #deploy(VmSpec)} reporting each step (and upload progress) to {@code progress}. */
    DeployedVm deploy(VmSpec spec, ProgressListener progress);

    /**
     * Creates the VM, or replaces an existing one's spec with this one. A running VM picks up the
     * new template at its next restart, as KubeVirt does.
     */
    DeployedVm apply(VmSpec spec);

    /** The status of every VM in the namespace. */
    List<VmStatus> list();

    /** The status of every VM in the namespace carrying all these labels. */
    List<VmStatus> list(Map<String, String> labels);
}
