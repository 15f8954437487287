package dev.edgevm.storage.internal.nodes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code kubernetes.io/hostname} label, which node-local volumes and node-pinned pods name a
 * node by: it usually equals the node's name, but need not.
 */
public final class Hostnames {

    public static final String LABEL = "kubernetes.io/hostname";

    private Hostnames() {}

    /** The node's hostname label, or its name when it has none. */
    public static String of(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        String hostname = labels == null ? null : labels.get(LABEL);
        return hostname == null ? node.getMetadata().getName() : hostname;
    }

    /** Node names by hostname. */
    public static Map<String, String> nodesByHostname(List<Node> nodes) {
        Map<String, String> byHostname = new LinkedHashMap<>();
        for (Node node : nodes) {
            byHostname.put(of(node), node.getMetadata().getName());
        }
        return byHostname;
    }

    /** The single hostname the volume's required node affinity allows ({@code In} with one value), if it is pinned that way. */
    public static Optional<String> pinnedBy(PersistentVolume pv) {
        if (pv == null || pv.getSpec() == null || pv.getSpec().getNodeAffinity() == null
                || pv.getSpec().getNodeAffinity().getRequired() == null) {
            return Optional.empty();
        }
        for (NodeSelectorTerm term : pv.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms()) {
            for (NodeSelectorRequirement r : term.getMatchExpressions()) {
                if (LABEL.equals(r.getKey()) && "In".equals(r.getOperator()) && r.getValues() != null && r.getValues().size() == 1) {
                    return Optional.of(r.getValues().get(0));
                }
            }
        }
        return Optional.empty();
    }
}
