package dev.edgevm.storage.cdi.internal;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The nodes CDI's CR lets its upload and import pods go to, taints aside: {@code spec.workload}'s
 * node selector and required node affinity, matched as the scheduler matches them (terms are
 * alternatives; a term's expressions and fields must all hold).
 */
record WorkloadPlacement(Map<String, String> nodeSelector, List<NodeSelectorTerm> requiredTerms) {

    static final WorkloadPlacement ANYWHERE = new WorkloadPlacement(Map.of(), List.of());

    @SuppressWarnings("unchecked")
    static WorkloadPlacement of(GenericKubernetesResource cr, KubernetesSerialization serialization) {
        Object spec = cr.getAdditionalProperties().get("spec");
        Object workload = spec instanceof Map ? ((Map<String, Object>) spec).get("workload") : null;
        if (!(workload instanceof Map)) {
            return ANYWHERE;
        }
        Map<String, Object> w = (Map<String, Object>) workload;
        Map<String, String> selector = w.get("nodeSelector") instanceof Map
                ? serialization.convertValue(w.get("nodeSelector"), Map.class) : Map.of();
        Affinity affinity = w.get("affinity") instanceof Map ? serialization.convertValue(w.get("affinity"), Affinity.class) : null;
        List<NodeSelectorTerm> terms = affinity == null || affinity.getNodeAffinity() == null
                || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null ? List.of()
                : affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
        return new WorkloadPlacement(selector, terms == null ? List.of() : terms);
    }

    /** Why CDI's pods cannot go to {@code node}, or empty if they can (as far as labels decide). */
    Optional<String> excludes(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        for (Map.Entry<String, String> e : nodeSelector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return Optional.of("it does not match CDI's workload node selector " + e.getKey() + "=" + e.getValue());
            }
        }
        if (!requiredTerms.isEmpty() && requiredTerms.stream().noneMatch(t -> matches(t, node.getMetadata().getName(), labels))) {
            return Optional.of("it does not match CDI's workload node affinity");
        }
        return Optional.empty();
    }

    private static boolean matches(NodeSelectorTerm term, String name, Map<String, String> labels) {
        List<NodeSelectorRequirement> expressions = term.getMatchExpressions() == null ? List.of() : term.getMatchExpressions();
        List<NodeSelectorRequirement> fields = term.getMatchFields() == null ? List.of() : term.getMatchFields();
        if (expressions.isEmpty() && fields.isEmpty()) {
            return false; // the scheduler: an empty term matches no node
        }
        return expressions.stream().allMatch(r -> holds(r, labels.get(r.getKey())))
                && fields.stream().allMatch(r -> "metadata.name".equals(r.getKey()) && holds(r, name));
    }

    private static boolean holds(NodeSelectorRequirement r, String value) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        switch (r.getOperator() == null ? "" : r.getOperator()) {
            case "In":
                return value != null && values.contains(value);
            case "NotIn":
                return value == null || !values.contains(value);
            case "Exists":
                return value != null;
            case "DoesNotExist":
                return value == null;
            case "Gt":
            case "Lt":
                try {
                    long actual = Long.parseLong(value);
                    long bound = Long.parseLong(values.get(0));
                    return "Gt".equals(r.getOperator()) ? actual > bound : actual < bound;
                } catch (RuntimeException notNumbers) {
                    return false;
                }
            default:
                return false;
        }
    }
}
