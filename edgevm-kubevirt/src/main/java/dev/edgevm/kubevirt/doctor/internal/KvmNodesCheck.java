package dev.edgevm.kubevirt.doctor.internal;

import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.doctor.CheckResult;
import dev.edgevm.kubevirt.doctor.DoctorCheck;
import dev.edgevm.kubevirt.doctor.DoctorContext;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Nodes can run VMs: virt-handler advertises {@code devices.kubevirt.io/kvm} on a node once KVM
 * works there (virtualization and VT-d enabled in the BIOS, the kvm module loaded).
 */
public final class KvmNodesCheck implements DoctorCheck {

    static final String KVM = "devices.kubevirt.io/kvm";

    @Override
    public String id() {
        return "kvm-nodes";
    }

    @Override
    public String title() {
        return "Nodes offer " + KVM;
    }

    @Override
    public int order() {
        return PLATFORM + 20;
    }

    @Override
    public CheckResult run(DoctorContext context) {
        List<Node> nodes = context.cluster().call("list", ObjectRef.clusterScoped("Node", null),
                () -> context.cluster().client().nodes().list().getItems());
        List<String> with = new ArrayList<>();
        List<String> without = new ArrayList<>();
        for (Node node : nodes) {
            BigDecimal kvm = allocatable(node);
            if (kvm.signum() > 0) {
                with.add(node.getMetadata().getName() + " (" + kvm.toPlainString() + ")");
            } else {
                without.add(node.getMetadata().getName());
            }
        }
        String fix = "enable virtualization (VT-x/AMD-V) and VT-d in the node's BIOS, load the kvm module,"
                + " and check that virt-handler runs on the node (kubectl -n kubevirt get pods -o wide)";
        if (with.isEmpty()) {
            return CheckResult.fail(this, nodes.isEmpty() ? "the cluster has no nodes"
                    : "no node offers " + KVM + " (" + String.join(", ", without) + "): no VM can be scheduled", fix);
        }
        if (!without.isEmpty()) {
            return CheckResult.warn(this, with.size() + " of " + nodes.size() + " nodes offer " + KVM + "; VMs cannot run on "
                    + String.join(", ", without), fix);
        }
        return CheckResult.ok(this, "every node offers " + KVM + ": " + String.join(", ", with));
    }

    private static BigDecimal allocatable(Node node) {
        Map<String, Quantity> allocatable = node.getStatus() == null ? null : node.getStatus().getAllocatable();
        Quantity q = allocatable == null ? null : allocatable.get(KVM);
        return q == null ? BigDecimal.ZERO : q.getNumericalAmount();
    }
}
