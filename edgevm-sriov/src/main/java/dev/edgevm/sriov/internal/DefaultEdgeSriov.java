package dev.edgevm.sriov.internal;

import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.VmSpec;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.model.multus.NetworkAttachmentDefinition;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.sriov.EdgeSriov;
import dev.edgevm.sriov.NodeVfs;
import dev.edgevm.sriov.SriovConfig;
import dev.edgevm.sriov.SriovNetwork;
import dev.edgevm.sriov.VfAvailability;
import dev.edgevm.sriov.VfCount;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

final class DefaultEdgeSriov implements EdgeSriov {

    private final EdgeVm edge;
    private final ClusterAccess cluster;
    private final NetworkAttachments nads;
    private final AtomicReference<SriovConfig> config = new AtomicReference<>(SriovConfig.defaults());

    DefaultEdgeSriov(EdgeVm edge, ClusterAccess cluster) {
        this.edge = edge;
        this.cluster = cluster;
        this.nads = new NetworkAttachments(cluster);
    }

    @Override
    public SriovConfig config() {
        return config.get();
    }

    @Override
    public EdgeSriov configure(Consumer<SriovConfig.Builder> changes) {
        config.updateAndGet(current -> {
            SriovConfig.Builder b = current.toBuilder();
            changes.accept(b);
            return b.build();
        });
        return this;
    }

    @Override
    public NetworkAttachmentDefinition ensureNetwork(SriovNetwork network) {
        return nads.ensure(network, network.namespace().orElse(edge.namespace())).nad();
    }

    @Override
    public List<NodeVfs> inventory() {
        return inventory(Set.of());
    }

    /** Nodes, networks and pods, each listed once: a deploy does not call this (its preflight asks node by node). */
    private List<NodeVfs> inventory(Set<String> asked) {
        Set<String> sriov = known(asked);
        List<Node> nodes = cluster.call("list", ObjectRef.clusterScoped("Node", null), () -> cluster.client().nodes().list().getItems());
        return new VfInventory(nodes, NodePods.all(cluster)).sriovResources(sriov);
    }

    @Override
    public VfAvailability availability(String resource) {
        Map<String, VfCount> nodes = new LinkedHashMap<>();
        for (NodeVfs n : inventory(Set.of(resource))) {
            n.resource(resource).ifPresent(count -> nodes.put(n.node(), count));
        }
        return new VfAvailability(resource, nodes);
    }

    @Override
    public void preflight(VmSpec spec) {
        new SriovPreflight(cluster, nads).check(spec, spec.namespace().orElse(edge.namespace()));
    }

    @Override
    public NodeVfs restartDevicePlugin(String node, Duration timeout) {
        return restartDevicePlugin(node, timeout, Map.of());
    }

    @Override
    public NodeVfs restartDevicePlugin(String node, Duration timeout, Map<String, Long> expected) {
        return new DevicePluginRestart(cluster, config.get().devicePluginSelector()).restart(node, timeout, expected, known(expected.keySet()));
    }

    /** The SR-IOV resources: those the networks name, those configured, and {@code asked}. */
    private Set<String> known(Set<String> asked) {
        Set<String> sriov = new TreeSet<>(nads.resourceNames());
        sriov.addAll(config.get().resources());
        sriov.addAll(asked);
        return sriov;
    }

    NetworkAttachments networkAttachments() {
        return nads;
    }
}
