package dev.edgevm.cli.snapshot;

import dev.edgevm.cli.cluster.Session;
import dev.edgevm.kubevirt.VmResource;
import dev.edgevm.storage.snapshot.Snapshot;
import dev.edgevm.storage.snapshot.SnapshotRestore;
import dev.edgevm.storage.snapshot.Snapshots;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code edgevm snapshot restore NAME [--as NEWVM]}: back into its (stopped) VM, or as a new VM. */
@Command(name = "restore", header = "Restore a snapshot into its VM, or as a new VM.", mixinStandardHelpOptions = true)
public final class SnapshotRestoreCommand extends SnapshotSubcommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The snapshot.")
    String name;

    @Option(names = "--as", paramLabel = "NEWVM", description = "Make a new VM of this name, a copy of the snapshot's VM with its own volumes,"
            + " instead of restoring into the snapshot's VM (which must be stopped).")
    String newVm;

    @Override
    int run(Snapshots snapshots, Session session) {
        Snapshot snapshot = snapshots.require(name);
        if (newVm != null) {
            VmResource vm = snapshots.restoreAs(snapshot, newVm, progress());
            Map<String, Object> created = new LinkedHashMap<>();
            created.put("snapshot", name);
            created.put("createdVm", vm.name());
            created.put("namespace", vm.namespace());
            return print(out -> {
                out.println("VirtualMachine " + vm.namespace() + "/" + vm.name() + " created from snapshot " + name);
                out.println("Start it with: edgevm start " + vm.name() + " -n " + vm.namespace());
            }, created);
        }
        SnapshotRestore restored = snapshots.restore(snapshot, progress());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("snapshot", name);
        result.put("vm", restored.vm());
        result.put("namespace", restored.namespace());
        result.put("claims", restored.claims());
        result.put("volumes", restored.volumes());
        result.put("releasedVolumes", restored.releasedVolumes());
        return print(out -> {
            out.println("snapshot " + name + " restored into VirtualMachine " + restored.namespace() + "/" + restored.vm());
            restored.claims().forEach((disk, claim) -> out.println("  " + disk + ": claim " + claim
                    + (restored.volumes().containsKey(disk) ? " on " + restored.volumes().get(disk) : "")));
            if (!restored.releasedVolumes().isEmpty()) {
                out.println("  freed: " + String.join(", ", restored.releasedVolumes()));
            }
        }, result);
    }
}
