package dev.edgevm.storage.pool;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which volume belongs to which VM on which node, which are Released and how many are free: the
 * bookkeeping the runbook leaves to the operator, read from the cluster.
 */
public record PoolUsage(List<NodeUsage> nodes, List<PoolVolume> volumes) {

    public PoolUsage {
        nodes = List.copyOf(nodes);
        volumes = List.copyOf(volumes);
    }

    /** The volumes of each owner. */
    public Map<VolumeOwner, List<PoolVolume>> byOwner() {
        return volumes.stream().filter(v -> v.owner().isPresent())
                .collect(Collectors.groupingBy(v -> v.owner().get(), LinkedHashMap::new, Collectors.toList()));
    }

    /** Volumes no claim uses any more, whose directories still hold data. */
    public List<PoolVolume> released() {
        return volumes.stream().filter(PoolVolume::released).collect(Collectors.toList());
    }

    /** One node's figures. */
    public NodeUsage node(String node) {
        return nodes.stream().filter(n -> n.node().equals(node)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + node + " in the pool's usage"));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        nodes.forEach(n -> sb.append(n).append('\n'));
        volumes.forEach(v -> sb.append("  ").append(v).append('\n'));
        return sb.toString();
    }
}
