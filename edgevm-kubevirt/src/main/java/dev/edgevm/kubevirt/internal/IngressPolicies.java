package dev.edgevm.kubevirt.internal;

import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.IngressPolicyFinding;
import dev.edgevm.kubevirt.model.VirtualMachine;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which NetworkPolicies keep traffic from reaching a VM: those whose pod selector matches the VM's
 * launcher pod and whose policy types include Ingress. A policy with no ingress rules allows
 * nothing in (the runbook's {@code block-all-ingress}); one with rules allows only what they list.
 */
final class IngressPolicies {

    /** The label KubeVirt puts on a VM's launcher pods. */
    static final String LAUNCHER_VM_LABEL = "vm.kubevirt.io/name";

    private final DefaultEdgeVm edge;

    IngressPolicies(DefaultEdgeVm edge) {
        this.edge = edge;
    }

    List<IngressPolicyFinding> blocking(String namespace, String vm) {
        Map<String, String> podLabels = launcherLabels(namespace, vm);
        List<NetworkPolicy> policies = edge.call("list", ObjectRef.of("NetworkPolicy", namespace, null),
                () -> edge.client().network().v1().networkPolicies().inNamespace(namespace).list().getItems());
        return evaluate(namespace, policies, podLabels);
    }

    /** The findings for a pod with {@code podLabels} among {@code policies} of its namespace. */
    static List<IngressPolicyFinding> evaluate(String namespace, List<NetworkPolicy> policies, Map<String, String> podLabels) {
        List<IngressPolicyFinding> findings = new ArrayList<>();
        for (NetworkPolicy p : policies) {
            if (p.getSpec() == null || !governsIngress(p) || !LabelSelectors.matches(p.getSpec().getPodSelector(), podLabels)) {
                continue;
            }
            List<NetworkPolicyIngressRule> rules = p.getSpec().getIngress() == null ? List.of() : p.getSpec().getIngress();
            if (rules.isEmpty()) {
                findings.add(new IngressPolicyFinding(namespace, p.getMetadata().getName(), true, "no ingress rules: nothing may connect"));
            } else if (rules.stream().noneMatch(IngressPolicies::allowsEverything)) {
                findings.add(new IngressPolicyFinding(namespace, p.getMetadata().getName(), false,
                        rules.stream().map(IngressPolicies::describe).collect(Collectors.joining("; "))));
            }
        }
        return findings;
    }

    // policyTypes defaults to Ingress (plus Egress when egress rules exist) when not given.
    private static boolean governsIngress(NetworkPolicy p) {
        List<String> types = p.getSpec().getPolicyTypes();
        return types == null || types.isEmpty() || types.contains("Ingress");
    }

    private static boolean allowsEverything(NetworkPolicyIngressRule rule) {
        boolean anyPeer = rule.getFrom() == null || rule.getFrom().isEmpty();
        boolean anyPort = rule.getPorts() == null || rule.getPorts().isEmpty();
        return anyPeer && anyPort;
    }

    private static String describe(NetworkPolicyIngressRule rule) {
        String from = rule.getFrom() == null || rule.getFrom().isEmpty() ? "anyone"
                : rule.getFrom().stream().map(IngressPolicies::describe).collect(Collectors.joining(", "));
        String ports = rule.getPorts() == null || rule.getPorts().isEmpty() ? "any port"
                : rule.getPorts().stream().map(IngressPolicies::describe).collect(Collectors.joining(", "));
        return "from " + from + " to " + ports;
    }

    private static String describe(NetworkPolicyPeer peer) {
        if (peer.getIpBlock() != null) {
            return peer.getIpBlock().getCidr();
        }
        StringBuilder sb = new StringBuilder();
        if (peer.getNamespaceSelector() != null) {
            sb.append("namespaces ").append(selector(peer.getNamespaceSelector().getMatchLabels()));
        }
        if (peer.getPodSelector() != null) {
            sb.append(sb.length() > 0 ? " " : "").append("pods ").append(selector(peer.getPodSelector().getMatchLabels()));
        }
        return sb.toString();
    }

    private static String describe(NetworkPolicyPort port) {
        String p = port.getPort() == null ? "any" : port.getPort().getValue() == null ? "any" : String.valueOf(port.getPort().getValue());
        return (port.getProtocol() == null ? "TCP" : port.getProtocol()) + "/" + p;
    }

    private static String selector(Map<String, String> labels) {
        return labels == null || labels.isEmpty() ? "(all)" : labels.toString();
    }

    /** The launcher pod's labels, or the ones it will get from the VM's template when it is not running. */
    private Map<String, String> launcherLabels(String namespace, String vm) {
        List<Pod> pods = edge.call("list", ObjectRef.of("Pod", namespace, null),
                () -> edge.client().pods().inNamespace(namespace).withLabel(LAUNCHER_VM_LABEL, vm).list().getItems());
        if (!pods.isEmpty() && pods.get(0).getMetadata().getLabels() != null) {
            return pods.get(0).getMetadata().getLabels();
        }
        VirtualMachine v = edge.call("get", ObjectRef.of("VirtualMachine", namespace, vm),
                () -> edge.client().resources(VirtualMachine.class).inNamespace(namespace).withName(vm).get());
        Map<String, String> labels = new HashMap<>();
        if (v != null && v.getSpec() != null && v.getSpec().template() != null && v.getSpec().template().metadata() != null
                && v.getSpec().template().metadata().getLabels() != null) {
            labels.putAll(v.getSpec().template().metadata().getLabels());
        }
        labels.put("kubevirt.io", "virt-launcher");
        labels.put(LAUNCHER_VM_LABEL, vm);
        return labels;
    }
}
