package dev.edgevm.kubevirt;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One VM by namespace and name. Getting a {@code VmResource} does no I/O; each method below talks to
 * the cluster. Transitions go through KubeVirt's {@code subresources.kubevirt.io/v1} API as virtctl
 * does; an invalid one (starting a running VM) throws {@link dev.edgevm.core.ConflictException}
 * carrying KubeVirt's message, which names the current state.
 */
public interface VmResource {

    String namespace();

    String name();

    /** The VM's current status, or empty if it does not exist. */
    Optional<VmStatus> find();

    /** The VM's current status. @throws dev.edgevm.core.NotFoundException if it does not exist */
    VmStatus require();

    boolean exists();

    /** The address of the VM's first NIC, if it is running and has one. */
    Optional<String> ipAddress();

    void start();

    /** Stops the VM gracefully, within the VM's termination grace period. */
    void stop();

    /** Stops the VM, giving the guest at most {@code gracePeriod} to shut down. */
    void stop(Duration gracePeriod);

    void restart();

    void pause();

    void unpause();

    /** Named waits on this VM (no I/O until one is called). */
    VmWaiter await();

    /** Opens the serial console. @throws dev.edgevm.core.ClusterException if the VM is not running */
    VmConsole console();

    /** Events of the VM, its instance and its launcher pod, newest first. */
    List<VmEvent> events();

    /** NetworkPolicies selecting the VM's launcher pod that block or restrict ingress to it. */
    List<IngressPolicyFinding> ingressBlockers();

    /** Deletes the VM and its cloud-init Secret; returns whether the VM existed. */
    boolean delete();

    /** Deletes the VM as {@code options} say (storage too, waiting). */
    boolean delete(DeleteOptions options);
}
