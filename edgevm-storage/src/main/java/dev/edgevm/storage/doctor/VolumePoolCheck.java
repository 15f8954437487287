package dev.edgevm.storage.doctor;

import dev.edgevm.kubevirt.doctor.CheckResult;
import dev.edgevm.kubevirt.doctor.DoctorCheck;
import dev.edgevm.kubevirt.doctor.DoctorContext;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.pool.NodeUsage;
import dev.edgevm.storage.pool.PoolUsage;
import dev.edgevm.storage.pool.PoolVolume;
import dev.edgevm.storage.pool.ReleaseResult;
import dev.edgevm.storage.pool.VolumePool;
import dev.edgevm.storage.pool.VolumeRole;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The volume pool's bookkeeping, which the runbook leaves to the operator: volumes in use and free
 * per node, full nodes, and Released volumes still holding data. Scratch volumes of finished
 * uploads are recycled by the pool itself when it reports its usage; a Released scratch volume
 * still listed belongs to an upload that did not finish (its DataVolume exists and has not
 * Succeeded), which can no longer use it. With {@code --fix} those are wiped and freed; Released
 * data volumes hold a disk and are only reported.
 */
public final class VolumePoolCheck implements DoctorCheck {

    @Override
    public String id() {
        return "volume-pool";
    }

    @Override
    public String title() {
        return "Node-local volumes: usage and Released volumes";
    }

    @Override
    public int order() {
        return STORAGE + 10;
    }

    @Override
    public CheckResult run(DoctorContext context) {
        VolumePool pool = EdgeStorage.of(context.edge()).pool();
        PoolUsage usage = pool.usage();
        String perNode = usage.nodes().stream().map(NodeUsage::toString).collect(Collectors.joining("; "));
        List<PoolVolume> scratch = usage.released().stream().filter(v -> v.role().orElse(null) == VolumeRole.SCRATCH).collect(Collectors.toList());
        List<PoolVolume> data = usage.released().stream().filter(v -> v.role().orElse(null) != VolumeRole.SCRATCH).collect(Collectors.toList());
        List<String> full = usage.nodes().stream().filter(n -> n.free() == 0).map(NodeUsage::node).collect(Collectors.toList());
        List<String> actions = new ArrayList<>();
        if (context.applyFixes() && !scratch.isEmpty()) {
            ReleaseResult result = pool.release(scratch);
            result.released().forEach(v -> actions.add("wiped and freed Released scratch volume " + v));
            scratch = scratch.stream().filter(v -> !result.released().contains(v.name())).collect(Collectors.toList());
        }
        List<String> problems = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        if (!scratch.isEmpty()) {
            problems.add("Released scratch volumes " + names(scratch) + " of uploads that did not finish still hold CDI's staging data");
            fixes.add("edgevm doctor --fix wipes and frees them (EdgeStorage.pool().release(volumes))");
        }
        if (!data.isEmpty()) {
            problems.add("Released volumes " + data.stream().map(v -> v.name() + v.claim().map(c -> " (was " + c + ")").orElse(""))
                    .collect(Collectors.joining(", ")) + " hold disks no claim uses");
            fixes.add("once their data is not needed, EdgeStorage.pool().release(volumes) wipes disk.img on the node and deletes them");
        }
        if (!full.isEmpty()) {
            problems.add("no free volume on " + String.join(", ", full));
            fixes.add("release volumes of deleted VMs, or raise maxVolumesPerNode where the nodes have the directories");
        }
        if (problems.isEmpty()) {
            return CheckResult.ok(this, perNode.isEmpty() ? "no nodes" : perNode).withActions(actions);
        }
        return CheckResult.warn(this, String.join("; ", problems) + " (" + perNode + ")", String.join("; ", fixes)).withActions(actions);
    }

    private static String names(List<PoolVolume> volumes) {
        return volumes.stream().map(PoolVolume::name).collect(Collectors.joining(", "));
    }
}
