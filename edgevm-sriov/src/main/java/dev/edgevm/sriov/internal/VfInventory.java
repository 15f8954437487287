package dev.edgevm.sriov.internal;

import dev.edgevm.core.Quantity;
import dev.edgevm.sriov.NodeVfs;
import dev.edgevm.sriov.VfCount;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Counts device resources per node from what the cluster reports: the node's capacity and
 * allocatable, and the requests of the pods placed on it that have not finished, launcher pods
 * of VMs included (KubeVirt puts a VM's VF request on its launcher pod). A pod being deleted
 * counts until it has finished or is gone, as the scheduler counts it: a stopped VM's launcher pod
 * holds its VF until its guest is down.
 */
final class VfInventory {

    private static final Set<String> STANDARD = Set.of("cpu", "memory", "pods", "ephemeral-storage");

    private final List<Node> nodes;
    private final List<Pod> pods;

    VfInventory(List<Node> nodes, List<Pod> pods) {
        this.nodes = nodes;
        this.pods = pods;
    }

    /**
     * The SR-IOV resources of every node: those of {@code sriov} the node lists (a GPU or another
     * vendor's extended resource is not one, unless named there).
     */
    List<NodeVfs> sriovResources(Set<String> sriov) {
        return nodes.stream().map(n -> new NodeVfs(n.getMetadata().getName(), resources(n, sriov::contains))).toList();
    }

    /** Every device plugin resource of every node, whoever's plugin advertises it. */
    List<NodeVfs> deviceResources() {
        return nodes.stream().map(n -> new NodeVfs(n.getMetadata().getName(), resources(n, VfInventory::isDeviceResource))).toList();
    }

    private Map<String, VfCount> resources(Node node, java.util.function.Predicate<String> which) {
        Map<String, VfCount> out = new HashMap<>();
        for (String resource : keys(node)) {
            if (which.test(resource)) {
                out.put(resource, count(node, resource));
            }
        }
        return out;
    }

    /** An extended resource a device plugin advertises: {@code domain/name}, not KubeVirt's own devices nor hugepages. */
    static boolean isDeviceResource(String resource) {
        return resource.contains("/") && !resource.startsWith("devices.kubevirt.io/") && !resource.startsWith("hugepages-")
                && !STANDARD.contains(resource);
    }

    /** Capacity, allocatable and use of any resource (hugepages too) on a node. */
    VfCount count(Node node, String resource) {
        long capacity = amount(node.getStatus() == null ? null : node.getStatus().getCapacity(), resource);
        long allocatable = amount(node.getStatus() == null ? null : node.getStatus().getAllocatable(), resource);
        return new VfCount(capacity, allocatable, used(node.getMetadata().getName(), resource));
    }

    long used(String node, String resource) {
        return holders(node, resource).stream().mapToLong(p -> requested(p, resource)).sum();
    }

    /**
     * The pods on {@code node} that hold some of {@code resource} while being deleted
     * ({@code namespace/name}), with how much each holds.
     */
    Map<String, Long> terminatingHolders(String node, String resource) {
        Map<String, Long> out = new LinkedHashMap<>();
        holders(node, resource).stream().filter(p -> p.getMetadata().getDeletionTimestamp() != null)
                .forEach(p -> out.put(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(), requested(p, resource)));
        return out;
    }

    /** The unfinished pods on {@code node} that request some of {@code resource}, terminating or not. */
    private List<Pod> holders(String node, String resource) {
        return pods.stream().filter(p -> p.getSpec() != null && node.equals(p.getSpec().getNodeName()) && !finished(p)
                && requested(p, resource) > 0).toList();
    }

    private static long requested(Pod pod, String resource) {
        long sum = 0;
        for (Container c : pod.getSpec().getContainers()) {
            if (c.getResources() == null) {
                continue;
            }
            // Extended resources may be given as limits only; the request then equals the limit.
            long request = amount(c.getResources().getRequests(), resource);
            sum += request > 0 ? request : amount(c.getResources().getLimits(), resource);
        }
        return sum;
    }

    /** Succeeded or Failed: what the scheduler stops counting. A pod being deleted still runs until then. */
    private static boolean finished(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static Set<String> keys(Node node) {
        Set<String> keys = new TreeSet<>();
        if (node.getStatus() != null && node.getStatus().getCapacity() != null) {
            keys.addAll(node.getStatus().getCapacity().keySet());
        }
        if (node.getStatus() != null && node.getStatus().getAllocatable() != null) {
            keys.addAll(node.getStatus().getAllocatable().keySet());
        }
        return keys;
    }

    private static long amount(Map<String, io.fabric8.kubernetes.api.model.Quantity> quantities, String resource) {
        if (quantities == null || quantities.get(resource) == null) {
            return 0;
        }
        return Quantity.tryParse(quantities.get(resource).toString()).map(Quantity::bytes).orElse(0L);
    }
}
