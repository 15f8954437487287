package dev.edgevm.storage.internal;

import dev.edgevm.core.Toleration;
import dev.edgevm.core.VmSpec;
import dev.edgevm.storage.cdi.internal.DefaultCdi;
import dev.edgevm.storage.internal.nodes.Hostnames;
import io.fabric8.kubernetes.api.model.Node;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the VM that will use a volume may run, by the scheduler's rules that do not depend on
 * resources: its node, node selector and tolerations. A local volume pins the VM to its node (the
 * scheduler honours the volume's node affinity), so the volume must go where the VM may run.
 */
record VmPlacement(String pinnedNode, Map<String, String> nodeSelector, List<Toleration> tolerations) {


    /** No VM: a standalone upload may use any node. */
    static VmPlacement anywhere() {
        return new VmPlacement(null, Map.of(), List.of(Toleration.exists(null, null)));
    }

    static VmPlacement of(VmSpec spec) {
        return new VmPlacement(spec.node().orElse(null), spec.nodeSelector(), spec.tolerations());
    }

    /** The node the VM is pinned to, if it is. */
    Optional<String> node() {
        return Optional.ofNullable(pinnedNode);
    }

    /** Why the VM cannot run on {@code node}, or empty if it can. */
    Optional<String> excludes(Node node) {
        String name = node.getMetadata().getName();
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        if (pinnedNode != null && !pinnedNode.equals(name) && !pinnedNode.equals(labels.get(Hostnames.LABEL))) {
            return Optional.of("the VM is pinned to " + pinnedNode);
        }
        for (Map.Entry<String, String> e : nodeSelector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return Optional.of("it does not match the VM's node selector " + e.getKey() + "=" + e.getValue());
            }
        }
        return DefaultCdi.untolerated(node, tolerations).stream().findFirst()
                .map(t -> "it has the taint " + t.anyNode() + " that the VM does not tolerate");
    }
}
