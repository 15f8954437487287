package dev.edgevm.sriov;

import java.util.Map;
import java.util.Optional;

/** The SR-IOV (device plugin) resources of one node. */
public record NodeVfs(String node, Map<String, VfCount> resources) {

    public NodeVfs {
        resources = Map.copyOf(resources);
    }

    public Optional<VfCount> resource(String name) {
        return Optional.ofNullable(resources.get(name));
    }
}
