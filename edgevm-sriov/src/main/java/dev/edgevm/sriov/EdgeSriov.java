package dev.edgevm.sriov;

import dev.edgevm.core.VmSpec;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.model.multus.NetworkAttachmentDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * SR-IOV on the cluster: the networks VMs attach VFs through, which nodes have free VFs, and the
 * device plugin. With this module on the classpath, deploying a VM with an {@code SriovNic} also
 * creates (or checks) its NetworkAttachmentDefinition and refuses, before creating anything, a VM
 * no node has a free VF or enough free hugepages for.
 *
 * <pre>{@code
 * EdgeSriov sriov = EdgeSriov.of(edge);
 * sriov.ensureNetwork(SriovNetwork.of("sriov-openness-vm", "intel.com/intel_sriov_vm"));
 * System.out.println(sriov.availability("intel.com/intel_sriov_vm"));
 * }</pre>
 */
public interface EdgeSriov {

    static EdgeSriov of(EdgeVm edge) {
        return edge.adapt(EdgeSriov.class);
    }

    /**
     * Creates the NetworkAttachmentDefinition, or verifies the existing one matches (resource name,
     * sriov CNI type, VLAN). A mismatch is reported, never overwritten.
     *
     * @throws dev.edgevm.core.ConflictException naming what differs
     */
    NetworkAttachmentDefinition ensureNetwork(SriovNetwork network);

    SriovConfig config();

    /**
     * Changes some settings, keeping the others.
     *
     * @throws dev.edgevm.core.InvalidSpecException listing every bad setting
     */
    EdgeSriov configure(Consumer<SriovConfig.Builder> changes);

    /**
     * Every node's SR-IOV resources (those a NetworkAttachmentDefinition names, and those of
     * {@link SriovConfig#resources()}): capacity, allocatable, and what pods on it use.
     */
    List<NodeVfs> inventory();

    /** Free VFs of {@code resource} per node. */
    VfAvailability availability(String resource);

    /**
     * Checks that some node the VM may land on has a free VF of each SR-IOV resource it needs and
     * enough free hugepages for its memory.
     *
     * @throws dev.edgevm.core.PreflightException naming each node and what it lacks, with the node-side fix
     */
    void preflight(VmSpec spec);

    /**
     * Restarts the SR-IOV device plugin on a node, as the runbook does after binding a VF to
     * vfio-pci: deletes its pod (found by {@link SriovConfig#devicePluginSelector()}), waits until that
     * pod is gone and its DaemonSet's new one is Running and ready on the node, then until the node
     * reports, in a status written since the delete, its SR-IOV resources back to the capacity they
     * had before; where it advertised none (a VF just bound on a node that had none), until a device
     * resource that was not allocatable before is.
     *
     * @return the node's device plugin resources afterwards
     * @throws dev.edgevm.core.NotFoundException when no device plugin pod runs on the node
     * @throws dev.edgevm.core.WaitTimeoutException naming the stage and the last state seen
     */
    NodeVfs restartDevicePlugin(String node, Duration timeout);

    /**
     * As {@link #restartDevicePlugin(String, Duration)}, waiting until the node advertises at least
     * {@code expected} allocatable of each resource (e.g. {@code Map.of("intel.com/intel_sriov_vm", 2L)}
     * after binding a second VF).
     */
    NodeVfs restartDevicePlugin(String node, Duration timeout, Map<String, Long> expected);
}
