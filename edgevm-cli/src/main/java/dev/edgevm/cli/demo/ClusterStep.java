package dev.edgevm.cli.demo;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The cluster as the runbook's "Enabling" section leaves it: nodes, their VFs and taints, KubeVirt's pods. */
final class ClusterStep implements DemoStep {

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public String runbookSection() {
        return "Enabling in Smart Edge Open";
    }

    @Override
    public String run(DemoContext context) {
        List<Node> nodes = context.edge().kubernetesClient().nodes().list().getItems();
        for (Node node : nodes) {
            context.say(node.getMetadata().getName() + describe(node));
        }
        List<Pod> pods = context.edge().kubernetesClient().pods().inNamespace("kubevirt").list().getItems();
        context.say("kubectl get pods -n kubevirt: " + pods.stream()
                .map(p -> p.getMetadata().getName() + " " + (p.getStatus() == null ? "?" : p.getStatus().getPhase()))
                .collect(Collectors.joining(", ")));
        return nodes.size() + " nodes, " + pods.size() + " KubeVirt pods";
    }

    private static String describe(Node node) {
        StringBuilder sb = new StringBuilder();
        Map<String, Quantity> allocatable = node.getStatus().getAllocatable();
        Quantity vfs = allocatable.get(DemoCluster.SRIOV_RESOURCE);
        if (vfs != null && vfs.getNumericalAmount().signum() > 0) {
            sb.append(": ").append(vfs.getAmount()).append(" SR-IOV VF (").append(DemoCluster.SRIOV_RESOURCE).append("), ")
                    .append(allocatable.get("hugepages-2Mi")).append(" of 2Mi hugepages");
        }
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        for (Taint t : taints) {
            sb.append(sb.length() == 0 ? ": " : ", ").append("tainted ").append(t.getKey())
                    .append(t.getValue() == null ? "" : "=" + t.getValue()).append(':').append(t.getEffect())
                    .append(DemoCluster.CPU_MANAGER_TAINT.equals(t.getKey()) ? " (CPU manager)" : "");
        }
        return sb.toString();
    }
}
