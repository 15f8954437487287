package dev.edgevm.kubevirt.doctor.internal;

import dev.edgevm.kubevirt.IngressPolicyFinding;
import dev.edgevm.kubevirt.VmStatus;
import dev.edgevm.kubevirt.doctor.CheckResult;
import dev.edgevm.kubevirt.doctor.DoctorCheck;
import dev.edgevm.kubevirt.doctor.DoctorContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * No NetworkPolicy keeps traffic from the namespace's VMs (the runbook's note on
 * {@code block-all-ingress}): for each VM, the policies selecting its launcher pod that allow no
 * ingress or only some.
 */
public final class VmIngressCheck implements DoctorCheck {

    @Override
    public String id() {
        return "vm-ingress";
    }

    @Override
    public String title() {
        return "NetworkPolicies let traffic reach VMs";
    }

    @Override
    public int order() {
        return NETWORK;
    }

    @Override
    public CheckResult run(DoctorContext context) {
        String namespace = context.namespace();
        List<VmStatus> vms = context.edge().vms().inNamespace(namespace).list();
        if (vms.isEmpty()) {
            return CheckResult.skipped(this, "no VMs in namespace " + namespace + " to check");
        }
        Map<IngressPolicyFinding, List<String>> vmsByPolicy = new LinkedHashMap<>();
        for (VmStatus vm : vms) {
            for (IngressPolicyFinding f : context.edge().vms().inNamespace(namespace).withName(vm.name()).ingressBlockers()) {
                vmsByPolicy.computeIfAbsent(f, k -> new ArrayList<>()).add(vm.name());
            }
        }
        if (vmsByPolicy.isEmpty()) {
            return CheckResult.ok(this, "no NetworkPolicy restricts ingress to the " + vms.size() + " VM(s) in namespace " + namespace);
        }
        String finding = vmsByPolicy.entrySet().stream()
                .map(e -> e.getKey() + " (VMs: " + String.join(", ", e.getValue()) + ")")
                .collect(Collectors.joining("; "));
        String policies = vmsByPolicy.keySet().stream().map(IngressPolicyFinding::policy).distinct().collect(Collectors.joining(", "));
        return CheckResult.warn(this, finding, "remove NetworkPolicy " + policies + " in namespace " + namespace
                + ", or add a policy allowing the traffic the VMs need (select them with kubevirt.io=virt-launcher);"
                + " kubectl -n " + namespace + " get networkpolicy");
    }
}
