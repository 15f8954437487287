package dev.edgevm.sriov.internal;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.NotFoundException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.WaitTimeoutException;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.sriov.NodeVfs;
import dev.edgevm.sriov.VfCount;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Restarts the SR-IOV device plugin on one node, and waits (on watches) until it is really back:
 * <ol>
 *   <li>the plugin's pod is deleted, and is gone;</li>
 *   <li>its DaemonSet's new pod (another uid) is Running and ready on the node;</li>
 *   <li>the node reports, in a status written since the delete, the plugin's resources: at least
 *       the expected counts if given; else each SR-IOV resource it advertised before back to that
 *       capacity; else, where it advertised none (a VF just bound on a node that had none), some
 *       device resource allocatable that was not before.</li>
 * </ol>
 * The last stage is what makes a VF bound since the plugin started count: before the restart the
 * node advertised none of it, so "as much as before" would hold at once; and a status from before
 * the delete, read again, cannot pass for the new plugin's.
 */
final class DevicePluginRestart {

    private final ClusterAccess cluster;
    private final String selector;
    private final Map<String, String> labels;

    DevicePluginRestart(ClusterAccess cluster, String selector) {
        this.cluster = cluster;
        this.selector = selector;
        this.labels = new LinkedHashMap<>();
        for (String requirement : selector.split(",")) {
            String[] kv = requirement.strip().split("=", 2);
            labels.put(kv[0], kv[1]);
        }
    }

    /**
     * @param sriov the SR-IOV resources known (named by networks, configured, expected), to tell the
     *     plugin's resources from other vendors' devices on the node
     */
    NodeVfs restart(String node, Duration timeout, Map<String, Long> expected, Set<String> sriov) {
        Instant deadline = Instant.now().plus(timeout);
        List<Pod> plugins = pluginPods(node);
        if (plugins.isEmpty()) {
            throw new NotFoundException("no SR-IOV device plugin pod (label selector " + selector + ") runs on node " + node
                    + "; is its DaemonSet deployed, and does it select this node? The SR-IOV Network Operator labels its pods"
                    + " app=sriov-device-plugin: EdgeSriov.configure(c -> c.devicePluginSelector(\"app=sriov-device-plugin\"))",
                    ObjectRef.clusterScoped("Node", node), null);
        }
        Node before = node(node);
        String versionBefore = before.getMetadata().getResourceVersion();
        Map<String, Long> capacityBefore = new TreeMap<>();
        Set<String> allocatableBefore = new HashSet<>();
        inventory(before, List.of()).resources().forEach((resource, count) -> {
            if (count.capacity() > 0 && sriov.contains(resource)) {
                capacityBefore.put(resource, count.capacity());
            }
            if (count.allocatable() > 0) {
                allocatableBefore.add(resource);
            }
        });
        Set<String> oldUids = plugins.stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
        for (Pod p : plugins) {
            cluster.run("delete", ObjectRef.of("Pod", p.getMetadata().getNamespace(), p.getMetadata().getName()),
                    () -> cluster.client().pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName()).delete());
        }
        String namespace = plugins.get(0).getMetadata().getNamespace();
        await("the old SR-IOV device plugin pod gone and a new one Running and ready on " + node, deadline,
                last -> cluster.client().pods().inNamespace(namespace).withLabels(labels).informOnCondition(pods -> {
                    List<Pod> onNode = pods.stream().filter(p -> p.getSpec() != null && node.equals(p.getSpec().getNodeName())).toList();
                    last.set(onNode.isEmpty() ? "no device plugin pod on " + node : onNode.stream()
                            .map(p -> p.getMetadata().getName() + " " + state(p, oldUids)).collect(Collectors.joining(", ")));
                    return onNode.stream().noneMatch(p -> oldUids.contains(p.getMetadata().getUid()))
                            && onNode.stream().anyMatch(DevicePluginRestart::runningAndReady);
                }));
        String wanted = expected.isEmpty() ? describeRestored(capacityBefore) : "at least " + new TreeMap<>(expected) + " allocatable";
        await("node " + node + " to report, in a status written since the restart, " + wanted, deadline,
                last -> cluster.client().nodes().withName(node).informOnCondition(nodes -> nodes.stream()
                        .filter(n -> node.equals(n.getMetadata().getName())).anyMatch(n -> {
                            NodeVfs now = inventory(n, List.of());
                            boolean since = !versionBefore.equals(n.getMetadata().getResourceVersion());
                            last.set((since ? "" : "the status from before the restart: ") + "allocatable " + allocatable(now));
                            return since && (!expected.isEmpty() ? reached(now, expected)
                                    : !capacityBefore.isEmpty() ? reached(now, capacityBefore) : appeared(now, allocatableBefore));
                        })));
        return inventory(node(node), NodePods.on(cluster, node));
    }

    private static String describeRestored(Map<String, Long> capacityBefore) {
        return capacityBefore.isEmpty() ? "a device resource allocatable that was not before"
                : "at least " + capacityBefore + " allocatable (the capacity before the restart)";
    }

    /** Some device resource allocatable that was not before the restart: the VFs just bound, whatever their resource. */
    private static boolean appeared(NodeVfs now, Set<String> allocatableBefore) {
        return now.resources().entrySet().stream().anyMatch(e -> e.getValue().allocatable() > 0 && !allocatableBefore.contains(e.getKey()));
    }

    private static boolean reached(NodeVfs now, Map<String, Long> expected) {
        return expected.entrySet().stream().allMatch(e -> allocatable(now, e.getKey()) >= e.getValue());
    }

    private static long allocatable(NodeVfs vfs, String resource) {
        return vfs.resource(resource).map(VfCount::allocatable).orElse(0L);
    }

    private static Map<String, Long> allocatable(NodeVfs vfs) {
        return new TreeMap<>(vfs.resources().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().allocatable())));
    }

    private List<Pod> pluginPods(String node) {
        return cluster.call("list", ObjectRef.clusterScoped("Pod", null), () -> cluster.client().pods().inAnyNamespace()
                .withLabels(labels).withField("spec.nodeName", node).list().getItems());
    }

    private Node node(String node) {
        Node n = cluster.call("get", ObjectRef.clusterScoped("Node", node), () -> cluster.client().nodes().withName(node).get());
        if (n == null) {
            throw new NotFoundException("node " + node + " does not exist", ObjectRef.clusterScoped("Node", node), null);
        }
        return n;
    }

    private static NodeVfs inventory(Node node, List<Pod> pods) {
        return new VfInventory(List.of(node), pods).deviceResources().get(0);
    }

    private static boolean runningAndReady(Pod p) {
        return "Running".equals(phase(p)) && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String state(Pod p, Set<String> oldUids) {
        if (oldUids.contains(p.getMetadata().getUid())) {
            return "(the old one) " + (p.getMetadata().getDeletionTimestamp() != null ? "terminating" : phase(p));
        }
        return phase(p) + (runningAndReady(p) ? ", ready" : ", not ready");
    }

    private static String phase(Pod p) {
        return p.getStatus() == null || p.getStatus().getPhase() == null ? "Pending" : p.getStatus().getPhase();
    }

    /** Waits for the informer-driven condition; {@code last} receives the state each observation saw. */
    private static void await(String what, Instant deadline, Function<AtomicReference<String>, CompletableFuture<?>> condition) {
        Instant start = Instant.now();
        AtomicReference<String> last = new AtomicReference<>("nothing observed yet");
        CompletableFuture<?> future = condition.apply(last);
        try {
            future.get(Math.max(1, Duration.between(start, deadline).toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | KubernetesClientTimeoutException e) {
            future.cancel(true);
            throw new WaitTimeoutException(what, last.get(), Duration.between(start, Instant.now()), 0);
        } catch (ExecutionException e) {
            throw new EdgeVmException("waiting for " + what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new EdgeVmException("interrupted while waiting for " + what, e);
        }
    }
}
