package dev.edgevm.sriov;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** How many VFs of one resource each node has free, the answer to "can another SR-IOV VM start, and where?". */
public record VfAvailability(String resource, Map<String, VfCount> nodes) {

    public VfAvailability {
        nodes = Map.copyOf(nodes);
    }

    public long totalFree() {
        return nodes.values().stream().mapToLong(VfCount::free).sum();
    }

    /** The nodes with at least one free VF, sorted by name. */
    public List<String> nodesWithFree() {
        return nodes.entrySet().stream().filter(e -> e.getValue().free() > 0).map(Map.Entry::getKey).sorted().collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return resource + ": " + totalFree() + " free on " + nodesWithFree();
    }
}
