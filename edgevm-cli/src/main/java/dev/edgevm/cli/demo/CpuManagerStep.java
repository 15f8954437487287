package dev.edgevm.cli.demo;

import dev.edgevm.cli.output.ProgressDisplay;
import dev.edgevm.cli.storage.UploadCommand;
import dev.edgevm.core.PreflightException;
import dev.edgevm.core.Quantity;
import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.Toleration;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ClaimDisk;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.VmStatus;
import dev.edgevm.kubevirt.doctor.CheckResult;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.cdi.Cdi;
import dev.edgevm.storage.cdi.NodeTaint;
import dev.edgevm.storage.upload.DataVolumeUpload;
import dev.edgevm.storage.upload.UploadOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The runbook's "CDI image upload fails when CMK is enabled": node03 carries the CPU manager's
 * {@code cmk} taint, which CDI's upload pods do not tolerate. The doctor finds it; an upload pinned
 * to node03 is refused before anything is created, naming the taint and the fix; {@code cdi().tolerate}
 * (what {@code doctor --fix} does) adds the toleration of node03's taints to the CDI CR once, instead
 * of editing each upload pod; the same upload then succeeds, and a VM that tolerates the taint runs
 * from that disk.
 */
final class CpuManagerStep implements DemoStep {

    static final String VM = "centos-vm-cmk";
    static final String DATA_VOLUME = "centos-dv-cmk";

    @Override
    public String name() {
        return "CPU manager";
    }

    @Override
    public String runbookSection() {
        return "CDI image upload fails when CMK is enabled";
    }

    @Override
    public String run(DemoContext context) throws Exception {
        String node = DemoCluster.CPU_MANAGER_NODE;
        context.say("doctor: " + cdiTaints(context));
        Path image = context.image();
        UploadOptions options = UploadOptions.builder().node(node).owner(VM).build();
        Cdi cdi = EdgeStorage.of(context.edge()).cdi();

        context.say("upload " + image.getFileName() + " into " + DATA_VOLUME + " pinned to " + node + ":");
        PreflightException refused;
        try (ProgressDisplay progress = context.progress()) {
            EdgeStorage.of(context.edge()).uploads().upload(DATA_VOLUME, image, Quantity.parse("1Gi"), options, progress);
            throw new IllegalStateException("the upload to " + node + " went through before CDI tolerated its taint");
        } catch (PreflightException e) {
            refused = e;
        }
        context.say("refused before anything was created: " + refused.getMessage().lines().findFirst().orElse(""));
        refused.findings().forEach(f -> context.say("  - " + f));
        context.say("the fix it names: " + refused.fix());
        boolean leftover = context.edge().kubernetesClient().resources(DataVolume.class).inNamespace(context.edge().namespace())
                .withName(DATA_VOLUME).get() != null || EdgeStorage.of(context.edge()).pool().usage().node(node).inUse() > 0;
        if (leftover) {
            throw new IllegalStateException("the refused upload left its DataVolume or a volume on " + node);
        }
        context.say("left behind: nothing (no DataVolume, no volume on " + node + ")");

        // Only the taints of the node the upload goes to: another node's taints are its owner's business.
        List<NodeTaint> onNode = cdi.untoleratedTaints().stream().filter(t -> t.node().equals(Optional.of(node))).toList();
        if (onNode.isEmpty()) {
            throw new IllegalStateException("the upload to " + node + " was refused, but CDI tolerates every taint there");
        }
        for (NodeTaint taint : onNode) {
            boolean changed = cdi.tolerate(taint);
            context.say("cdi().tolerate(" + taint + "): " + (changed ? "the CDI CR's spec.workload.tolerations now has "
                    + taint.toleration() : "CDI tolerated it already"));
        }
        context.say("doctor: " + cdiTaints(context));

        context.say("the same upload again:");
        DataVolumeUpload done;
        try (ProgressDisplay progress = context.progress()) {
            done = EdgeStorage.of(context.edge()).uploads().upload(DATA_VOLUME, image, Quantity.parse("1Gi"), options, progress);
        }
        context.say(UploadCommand.describe(done));
        DeployedVm vm = context.edge().vms().deploy(VmSpec.builder()
                .name(VM).cpuCores(2).memory("2056M").node(node)
                .toleration(Toleration.exists(DemoCluster.CPU_MANAGER_TAINT, "NoSchedule"))
                .rootDisk(ClaimDisk.of(DATA_VOLUME))
                .runStrategy(RunStrategy.ALWAYS)
                .build());
        VmStatus running = vm.await().running(DemoContext.WAIT).value();
        context.say(VM + " (tolerating cmk) " + running.printableStatus() + " on " + running.node().orElse("?") + " from " + DATA_VOLUME);
        String taints = onNode.stream().map(t -> t.anyNode().toString()).collect(Collectors.joining(", "));
        return "upload to " + node + " refused naming " + taints + ", tolerated, uploaded; " + VM + " Running there";
    }

    /** The doctor's {@code cdi-taints} finding. */
    private static String cdiTaints(DemoContext context) {
        CheckResult r = context.edge().doctor().run().results().stream().filter(c -> c.check().equals("cdi-taints")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the doctor has no cdi-taints check: is edgevm-storage on the classpath?"));
        return r.status() + " " + r.check() + ": " + r.finding();
    }
}
