package dev.edgevm.sriov.internal;

import dev.edgevm.core.ConflictException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.PreflightException;
import dev.edgevm.core.Quantity;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.Violations;
import dev.edgevm.core.network.SriovNic;
import dev.edgevm.kubevirt.model.multus.NetworkAttachmentDefinition;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.sriov.VfCount;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Before a VM with SR-IOV NICs or hugepages is created: is there a node it may land on with a free
 * VF of every resource its NICs need and enough free hugepages for its memory?
 */
final class SriovPreflight {

    static final String VF_FIX = "bind a VF of the NIC to vfio-pci on the node (dpdk-devbind.py --bind=vfio-pci <VF PCI address>),"
            + " then restart the SR-IOV device plugin there (EdgeSriov.restartDevicePlugin(node), or delete its pod:"
            + " kubectl -n kube-system delete pod -l app=sriovdp --field-selector spec.nodeName=<node>); or stop a VM that holds a VF";
    static final String HUGEPAGES_FIX = "reserve more hugepages on the node (kernel arguments hugepagesz/hugepages, or"
            + " /sys/kernel/mm/hugepages) and restart its kubelet, or give the VM less memory";
    static final String TERMINATING_FIX = "wait until the terminating pods named above have finished (a stopped VM's launcher"
            + " pod keeps its VF and hugepages until its guest is down and it has exited; the scheduler counts them until then),"
            + " then deploy again";

    private static final String VM_NAME_LABEL = "vm.kubevirt.io/name";

    private final ClusterAccess cluster;
    private final NetworkAttachments nads;

    SriovPreflight(ClusterAccess cluster, NetworkAttachments nads) {
        this.cluster = cluster;
        this.nads = nads;
    }

    /**
     * The device resources a VM's SR-IOV NICs take, by resource, from their NetworkAttachmentDefinitions
     * or, for those deploy will create, from the NICs. An existing definition must agree with what the
     * NIC says of it (resource, VLAN) and be an {@code sriov} network; it is never changed.
     *
     * @throws ConflictException naming what differs in an existing NetworkAttachmentDefinition
     */
    Map<String, Long> vfsNeeded(VmSpec spec, String namespace) {
        Violations v = Violations.collect();
        Map<String, Long> needed = new LinkedHashMap<>();
        List<String> conflicts = new ArrayList<>();
        ObjectRef firstConflict = null;
        for (SriovNic nic : spec.sriovNics()) {
            String nadNamespace = nic.networkNamespace().orElse(namespace);
            Optional<NetworkAttachmentDefinition> nad = nads.find(nadNamespace, nic.networkName());
            if (nad.isPresent()) {
                Optional<String> resource = NetworkAttachments.resourceOf(nad.get());
                List<String> differences = NetworkAttachments.differences(nic.resource().or(() -> resource).orElse(null), nic.vlan(), nad.get());
                if (!differences.isEmpty()) {
                    ObjectRef ref = ObjectRef.of("NetworkAttachmentDefinition", nadNamespace, nic.networkName());
                    firstConflict = firstConflict == null ? ref : firstConflict;
                    conflicts.add(ref + " (NIC " + nic.name() + ") " + String.join("; ", differences));
                    continue;
                }
                needed.merge(resource.orElseThrow(), 1L, Long::sum);
            } else if (nic.resource().isPresent()) {
                needed.merge(nic.resource().get(), 1L, Long::sum);
            } else {
                v.add("networks[" + nic.name() + "].resource", "NetworkAttachmentDefinition " + nadNamespace + "/" + nic.networkName()
                        + " does not exist; give the SR-IOV resource (e.g. intel.com/intel_sriov_vm) so it can be created");
            }
        }
        v.throwIfAny("VmSpec " + spec.name());
        if (!conflicts.isEmpty()) {
            throw new ConflictException("VM " + namespace + "/" + spec.name() + " cannot use its SR-IOV networks as they are: "
                    + String.join("; ", conflicts) + "; they are left as they are: fix them, or give the NICs other networks",
                    "AlreadyExists", firstConflict, null);
        }
        return needed;
    }

    void check(VmSpec spec, String namespace) {
        Map<String, Long> needed = vfsNeeded(spec, namespace);
        spec.hugepages().ifPresent(p -> needed.put(p.resourceName(), spec.memory().bytes()));
        if (needed.isEmpty()) {
            return;
        }
        List<Node> nodes = cluster.call("list", ObjectRef.clusterScoped("Node", null), () -> cluster.client().nodes().list().getItems());
        List<String> findings = new ArrayList<>();
        boolean lacksVfs = false;
        boolean lacksHugepages = false;
        boolean waitHelps = false;
        for (Node node : nodes) {
            String name = node.getMetadata().getName();
            Optional<String> excluded = NodeEligibility.excluded(spec, node);
            if (excluded.isPresent()) {
                findings.add(name + ": " + excluded.get());
                continue;
            }
            // Only the pods of a node the VM may land on, one node at a time, until one fits. The VM's own
            // launcher pod (when an existing VM is replaced) holds what the new instance will take over.
            List<Pod> pods = NodePods.on(cluster, name).stream().filter(p -> !isLauncherOf(p, namespace, spec.name())).toList();
            VfInventory inventory = new VfInventory(List.of(node), pods);
            List<String> lacks = new ArrayList<>();
            for (Map.Entry<String, Long> need : needed.entrySet()) {
                VfCount count = inventory.count(node, need.getKey());
                if (count.free() < need.getValue()) {
                    Map<String, Long> terminating = inventory.terminatingHolders(name, need.getKey());
                    long freedSoon = terminating.values().stream().mapToLong(Long::longValue).sum();
                    boolean hugepages = need.getKey().startsWith("hugepages-");
                    if (count.free() + freedSoon >= need.getValue()) {
                        waitHelps = true;
                    } else {
                        lacksHugepages |= hugepages;
                        lacksVfs |= !hugepages;
                    }
                    lacks.add(describe(need.getKey(), need.getValue(), count) + heldByTerminating(need.getKey(), terminating));
                }
            }
            if (lacks.isEmpty()) {
                return;
            }
            findings.add(name + ": " + String.join("; ", lacks));
        }
        List<String> fixes = new ArrayList<>();
        if (waitHelps) {
            fixes.add(TERMINATING_FIX);
        }
        if (lacksVfs) {
            fixes.add(VF_FIX);
        }
        if (lacksHugepages) {
            fixes.add(HUGEPAGES_FIX);
        }
        throw new PreflightException("No node can run VM " + namespace + "/" + spec.name() + ": it needs "
                + needed.entrySet().stream().map(e -> describeAmount(e.getKey(), e.getValue()) + " " + e.getKey())
                        .collect(Collectors.joining(" and ")),
                findings, String.join("; ", fixes));
    }

    private static boolean isLauncherOf(Pod pod, String namespace, String vm) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return namespace.equals(pod.getMetadata().getNamespace()) && labels != null
                && "virt-launcher".equals(labels.get("kubevirt.io")) && vm.equals(labels.get(VM_NAME_LABEL));
    }

    private static String describe(String resource, long need, VfCount count) {
        if (count.capacity() == 0 && count.allocatable() == 0) {
            return "no " + resource;
        }
        return describeAmount(resource, count.free()) + " of " + resource + " free, needs " + describeAmount(resource, need)
                + " (allocatable " + describeAmount(resource, count.allocatable()) + ", used " + describeAmount(resource, count.used()) + ")";
    }

    /** Which pods being deleted hold part of what is used: it comes free once they have finished. */
    private static String heldByTerminating(String resource, Map<String, Long> terminating) {
        if (terminating.isEmpty()) {
            return "";
        }
        String held = describeAmount(resource, terminating.values().stream().mapToLong(Long::longValue).sum());
        String pods = String.join(", ", terminating.keySet());
        return terminating.size() == 1
                ? "; pod " + pods + ", which is terminating, still holds " + held + " of them: free once it has finished"
                : "; pods " + pods + ", which are terminating, still hold " + held + " of them: free once they have finished";
    }

    private static String describeAmount(String resource, long amount) {
        return resource.startsWith("hugepages-") ? Quantity.ofBytes(amount).toString() : Long.toString(amount);
    }


}
