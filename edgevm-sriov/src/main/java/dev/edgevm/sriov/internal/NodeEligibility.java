package dev.edgevm.sriov.internal;

import dev.edgevm.core.Toleration;
import dev.edgevm.core.VmSpec;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.Map;
import java.util.Optional;

/** Whether a VM may land on a node at all, by the scheduler's rules that do not depend on resources. */
final class NodeEligibility {

    private static final String HOSTNAME = "kubernetes.io/hostname";
    /** Set by KubeVirt on nodes whose virt-handler is ready; launcher pods select it. */
    private static final String KUBEVIRT_SCHEDULABLE = "kubevirt.io/schedulable";

    private NodeEligibility() {}

    /** Why the VM cannot go to {@code node}, or empty if it can. */
    static Optional<String> excluded(VmSpec spec, Node node) {
        String name = node.getMetadata().getName();
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        if (spec.node().isPresent() && !spec.node().get().equals(name) && !spec.node().get().equals(labels.get(HOSTNAME))) {
            return Optional.of("the VM is pinned to " + spec.node().get());
        }
        for (Map.Entry<String, String> e : spec.nodeSelector().entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return Optional.of("does not match the node selector " + e.getKey() + "=" + e.getValue());
            }
        }
        if (!"true".equals(labels.get(KUBEVIRT_SCHEDULABLE))) {
            return Optional.of("is not schedulable for VMs (its label " + KUBEVIRT_SCHEDULABLE + " is not \"true\": no ready virt-handler there)");
        }
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            return Optional.of("is cordoned (unschedulable)");
        }
        if (node.getSpec() != null && node.getSpec().getTaints() != null) {
            for (Taint t : node.getSpec().getTaints()) {
                boolean blocking = "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect());
                boolean tolerated = spec.tolerations().stream().anyMatch(tol -> tolerates(tol, t));
                if (blocking && !tolerated) {
                    return Optional.of("has the taint " + t.getKey() + (t.getValue() == null ? "" : "=" + t.getValue()) + ":" + t.getEffect()
                            + " that the VM does not tolerate");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean tolerates(Toleration toleration, Taint taint) {
        return toleration.tolerates(taint.getKey(), taint.getValue(), taint.getEffect());
    }
}
