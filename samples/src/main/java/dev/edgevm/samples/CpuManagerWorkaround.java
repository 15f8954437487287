package dev.edgevm.samples;

import dev.edgevm.core.PreflightException;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.kubevirt.DeleteOptions;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.VmStatus;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.cdi.Cdi;
import dev.edgevm.storage.cdi.NodeTaint;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The runbook's "CDI image upload fails when CMK is enabled": a node tainted by the CPU manager
 * ({@code cmk:NoSchedule}) where CDI's upload pods may not run, so an upload there never starts.
 * The runbook edits each pending upload pod by hand; here the deploy is refused before anything is
 * created, naming the taint and the fix, and one call lets CDI's pods tolerate it. Runs on an embedded cluster whose node03 has
 * the taint, or on yours ({@code --kubeconfig FILE [--context NAME] [-n NS]}), where it changes the
 * CDI CR's {@code spec.workload.tolerations} if a node has the CPU manager's taint and CDI does not
 * tolerate it; other taints it leaves alone.
 */
public final class CpuManagerWorkaround {

    private CpuManagerWorkaround() {}

    public static void main(String[] args) throws IOException {
        try (SampleTarget target = SampleTarget.from(args, cluster -> cluster.nodes(3).node("node03", n -> n.taint(CPU_MANAGER_KEY, null, "NoSchedule")));
             SampleDisk disk = SampleDisk.centosLike()) {
            run(target.edge(), disk.image(), System.out);
        }
    }

    /** The key of the taint Intel's CPU manager for Kubernetes puts on its nodes ({@code cmk:NoSchedule}). */
    static final String CPU_MANAGER_KEY = "cmk";

    /**
     * The taints of {@code taints} that are the CPU manager's. The SDK reports every taint CDI's pods
     * do not tolerate; the runbook's workaround is for the CPU manager's alone. A taint on a real
     * cluster may keep workloads off a node for a reason (maintenance, dedicated hardware), so the
     * sample tolerates only this one, by its key, and leaves the others to the cluster's owner.
     */
    static List<NodeTaint> cpuManagers(List<NodeTaint> taints) {
        return taints.stream().filter(t -> t.key().equals(CPU_MANAGER_KEY)).toList();
    }

    static void run(EdgeVm edge, Path image, PrintStream out) {
        List<NodeTaint> untolerated = cpuManagers(EdgeStorage.of(edge).cdi().untoleratedTaints());
        if (untolerated.isEmpty()) {
            out.println("CDI's pods tolerate the CPU manager's taint on every node: nothing to work around");
            return;
        }
        NodeTaint cmk = untolerated.get(0);
        String node = cmk.node().orElseThrow();
        // A VM for the CPU manager's node tolerates its taint; CDI's upload pod, which writes its disk there, does not.
        VmSpec pinned = VmSpec.builder()
                .name("centos-vm-cmk").cpuCores(2).memory("2056M").node(node).toleration(cmk.toleration())
                .rootDisk(UploadedDisk.of(image).size("1Gi"))
                .build();
        try {
            edge.vms().deploy(pinned);
            throw new IllegalStateException("the upload to " + node + " went through although CDI does not tolerate " + cmk);
        } catch (PreflightException refused) {   // nothing was created
            out.println("refused: " + String.join("; ", refused.findings()));
        }

        // tag::cpu-manager-tolerate[]
        Cdi cdi = EdgeStorage.of(edge).cdi();
        for (NodeTaint taint : cpuManagers(cdi.untoleratedTaints())) {   // cmk:NoSchedule on node03; no other taint
            cdi.tolerate(taint);                                         // once, in the CDI CR's spec.workload.tolerations
        }
        // end::cpu-manager-tolerate[]
        out.println("CDI's pods now tolerate " + cmk);

        DeployedVm vm = edge.vms().deploy(pinned);
        vm.start();
        VmStatus running = vm.await().running(Duration.ofMinutes(5)).value();
        out.println(vm.name() + " running on " + running.node().orElse("?"));
        if (SampleRun.createdHere(vm, out)) {
            vm.delete(DeleteOptions.defaults().purgeStorage(true).waitUpTo(Duration.ofMinutes(5)));
            out.println("deleted with its storage");
        }
    }
}
