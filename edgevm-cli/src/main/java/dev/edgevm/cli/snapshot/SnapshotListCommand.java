package dev.edgevm.cli.snapshot;

import dev.edgevm.cli.cluster.Session;
import dev.edgevm.cli.options.OutputFormat;
import dev.edgevm.cli.output.ProgressDisplay;
import dev.edgevm.cli.output.Structured;
import dev.edgevm.cli.output.Table;
import dev.edgevm.storage.snapshot.Snapshot;
import dev.edgevm.storage.snapshot.Snapshots;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code edgevm snapshot list [VM]}: the snapshots of the namespace, or of one VM. */
@Command(name = "list", header = "List snapshots.", mixinStandardHelpOptions = true)
public final class SnapshotListCommand extends SnapshotSubcommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "VM", description = "Only this VM's snapshots.")
    String vm;

    @Override
    int run(Snapshots snapshots, Session session) {
        List<Snapshot> found = vm == null ? snapshots.list() : snapshots.list(vm);
        if (format != OutputFormat.TABLE) {
            Structured.print(out(), format, found.stream().map(SnapshotView::map).toList());
        } else if (found.isEmpty()) {
            spec.commandLine().getErr().println("No snapshots in namespace " + session.namespace() + (vm == null ? "" : " of VM " + vm) + ".");
        } else {
            Table table = Table.of("NAME", "VM", "KIND", "PHASE", "DISKS", "SIZE", "CREATED");
            found.forEach(s -> table.row(s.name(), s.vm(), SnapshotView.kind(s), s.phase(), s.disks().size(),
                    s.size().isPresent() ? ProgressDisplay.bytes(s.size().getAsLong()) : null,
                    s.creationTime().map(Object::toString).orElse(null)));
            table.print(out());
        }
        return 0;
    }
}
