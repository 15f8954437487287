package dev.edgevm.storage.doctor;

import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.doctor.CheckResult;
import dev.edgevm.kubevirt.doctor.DoctorCheck;
import dev.edgevm.kubevirt.doctor.DoctorContext;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.cdi.Cdi;
import dev.edgevm.storage.cdi.NodeTaint;
import dev.edgevm.storage.pool.PoolVolume;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The runbook's "CDI image upload fails when CMK is enabled": node taints CDI's upload pods do not
 * tolerate, so uploads to those nodes never start ({@link Cdi#untoleratedTaints()}: nodes that
 * could take a new disk, taints Kubernetes manages left out).
 *
 * <p>With {@code --fix}, the CDI CR's {@code spec.workload.tolerations} get a toleration for each
 * such taint that sits on a node VMs use: one KubeVirt marks schedulable for VMs
 * ({@code kubevirt.io/schedulable=true}) or one holding pool volumes. That is the runbook's case, a
 * CPU-manager taint on a VM node. A taint on any other node is reported and left alone: it keeps
 * CDI's pods off a node for a reason edgevm does not know.
 */
public final class CdiTaintsCheck implements DoctorCheck {

    static final String SCHEDULABLE_LABEL = "kubevirt.io/schedulable";

    @Override
    public String id() {
        return "cdi-taints";
    }

    @Override
    public String title() {
        return "Nodes CDI's upload pods may run on";
    }

    @Override
    public int order() {
        return STORAGE + 20;
    }

    @Override
    public CheckResult run(DoctorContext context) {
        EdgeStorage storage = EdgeStorage.of(context.edge());
        Cdi cdi = storage.cdi();
        if (!cdi.installed()) {
            return CheckResult.skipped(this, "CDI is not installed (no CDIConfig)");
        }
        List<NodeTaint> untolerated = cdi.untoleratedTaints();
        if (untolerated.isEmpty()) {
            return CheckResult.ok(this, "CDI's workload pods tolerate every taint of the nodes that can take new disks");
        }
        Set<String> vmNodes = vmNodes(context, storage);
        List<NodeTaint> fixable = untolerated.stream().filter(t -> vmNodes.contains(t.node().orElse(""))).toList();
        List<NodeTaint> others = untolerated.stream().filter(t -> !fixable.contains(t)).toList();
        String leftAlone = others.isEmpty() ? "" : "; not changed by --fix, as no VM uses the node: " + names(others);
        if (!context.applyFixes()) {
            return CheckResult.warn(this, "uploads to these nodes stay Pending, CDI's pods do not tolerate: " + names(untolerated),
                    (fixable.isEmpty() ? "tolerate a taint with EdgeStorage.cdi().tolerate(taint) once CDI's pods belong on its node"
                            : "edgevm doctor --fix adds tolerations of " + names(distinct(fixable)) + " (taints of nodes VMs use) to"
                                    + " the CDI CR's spec.workload.tolerations (EdgeStorage.cdi().tolerate(taint)), instead of editing"
                                    + " each upload pod by hand") + leftAlone);
        }
        List<String> actions = new ArrayList<>();
        for (NodeTaint taint : distinct(fixable)) {
            if (cdi.tolerate(taint)) {
                actions.add("CDI's workload pods now tolerate " + taint);
            }
        }
        if (others.isEmpty()) {
            return CheckResult.ok(this, "CDI's workload pods tolerate every taint of the nodes VMs use now").withActions(actions);
        }
        return CheckResult.warn(this, "CDI's pods do not tolerate " + names(others) + ", on nodes no VM uses",
                "tolerate a taint with EdgeStorage.cdi().tolerate(taint) once CDI's pods belong on its node").withActions(actions);
    }

    /** Nodes VMs use: marked schedulable for VMs by KubeVirt, or holding pool volumes. */
    private static Set<String> vmNodes(DoctorContext context, EdgeStorage storage) {
        ClusterAccess cluster = context.cluster();
        Set<String> nodes = new LinkedHashSet<>();
        cluster.call("list", ObjectRef.clusterScoped("Node", null), () -> cluster.client().nodes()
                .withLabel(SCHEDULABLE_LABEL, "true").list().getItems()).forEach(n -> nodes.add(n.getMetadata().getName()));
        storage.pool().usage().volumes().stream().map(PoolVolume::node).forEach(nodes::add);
        return nodes;
    }

    private static List<NodeTaint> distinct(List<NodeTaint> taints) {
        return taints.stream().map(NodeTaint::anyNode).distinct().toList();
    }

    private static String names(List<NodeTaint> taints) {
        return taints.stream().map(NodeTaint::toString).collect(Collectors.joining(", "));
    }
}
