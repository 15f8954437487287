package dev.edgevm.samples;

import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.doctor.CheckResult;
import dev.edgevm.kubevirt.doctor.DoctorReport;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.cdi.NodeTaint;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The runbook's troubleshooting as one call: the doctor checks KubeVirt and CDI, the nodes, the
 * NetworkPolicies in front of VMs and namespaces stuck Terminating, says how to fix each problem,
 * and fixes what is safe to fix. On the embedded cluster, which starts healthy, the sample first
 * breaks it the way the runbook describes, then fixes it; on your cluster
 * ({@code --kubeconfig FILE [--context NAME] [-n NS]}) it only looks, and fixes with {@code --fix},
 * unless CDI does not tolerate a node taint other than the CPU manager's: the doctor's fix would let
 * CDI's pods onto that node too, which is for the cluster's owner to decide.
 */
public final class DoctorWalkthrough {

    private DoctorWalkthrough() {}

    public static void main(String[] args) throws Exception {
        try (SampleTarget target = SampleTarget.from(args, Map.of("--fix", false), cluster -> { })) {
            if (target.embedded().isPresent()) {
                breakLikeTheRunbook(target.embedded().get(), target.edge());
            }
            run(target.edge(), target.embedded().isPresent() || target.option("--fix").isPresent(), System.out);
        }
    }

    /** Runs the checks and prints the problems; with {@code applyFixes}, applies the safe fixes. Returns the last report. */
    static DoctorReport run(EdgeVm edge, boolean applyFixes, PrintStream out) {
        // tag::doctor-run[]
        DoctorReport report = edge.doctor().run();
        for (CheckResult problem : report.problems()) {
            out.println(problem.status() + " " + problem.check() + ": " + problem.finding());
            problem.fix().ifPresent(fix -> out.println("    fix: " + fix));
        }
        // end::doctor-run[]
        if (!applyFixes) {
            out.println("nothing changed: run with --fix to apply the fixes that need no one to decide");
            return report;
        }
        List<NodeTaint> others = new ArrayList<>(EdgeStorage.of(edge).cdi().untoleratedTaints());
        others.removeAll(CpuManagerWorkaround.cpuManagers(others));
        if (!others.isEmpty()) {
            out.println("nothing changed: CDI does not tolerate " + others + ", which is not the CPU manager's taint;"
                    + " the doctor's fix would let CDI's pods onto those nodes too. Decide on them first"
                    + " (CpuManagerWorkaround tolerates the CPU manager's alone)");
            return report;
        }

        // tag::doctor-fix[]
        DoctorReport after = edge.doctor().run(true); // applies only the fixes that need no one to decide
        after.actions().forEach(action -> out.println("fixed: " + action));
        // end::doctor-fix[]
        return after;
    }

    /**
     * A VM behind a {@code block-all-ingress} policy (the runbook's note on stateful VMs), and
     * KubeVirt removed in the wrong order: its operator first, then its namespace, which the
     * KubeVirt object's finalizer now holds Terminating (troubleshooting item 4).
     */
    static void breakLikeTheRunbook(EmbeddedEdgeCluster cluster, EdgeVm edge)
            throws InterruptedException, ExecutionException, TimeoutException {
        KubernetesClient client = cluster.client();
        edge.vms().deploy(VmSpec.builder().name("centos-vm").cpuCores(2).memory("2056M")
                .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo")).build());
        client.network().v1().networkPolicies().inNamespace("default").resource(new NetworkPolicyBuilder()
                .withNewMetadata().withName("block-all-ingress").endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress").endSpec().build()).create();
        client.pods().inNamespace("kubevirt").withLabel("kubevirt.io", "virt-operator").withGracePeriod(0).delete();
        client.pods().inNamespace("kubevirt").withLabel("kubevirt.io", "virt-operator")
                .informOnCondition(List::isEmpty).get(1, TimeUnit.MINUTES);
        client.namespaces().withName("kubevirt").delete();
        client.namespaces().withName("kubevirt").waitUntilCondition(
                ns -> ns != null && ns.getStatus() != null && "Terminating".equals(ns.getStatus().getPhase()), 1, TimeUnit.MINUTES);
    }
}
