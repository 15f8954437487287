package dev.edgevm.cli.snapshot;

import dev.edgevm.cli.cluster.Session;
import dev.edgevm.storage.snapshot.Snapshots;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code edgevm snapshot delete NAME}: the snapshot, its copies wiped on their node and their volumes freed. */
@Command(name = "delete", header = "Delete a snapshot and free its volumes.", mixinStandardHelpOptions = true)
public final class SnapshotDeleteCommand extends SnapshotSubcommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The snapshot.")
    String name;

    @Override
    int run(Snapshots snapshots, Session session) {
        if (!snapshots.delete(name)) {
            spec.commandLine().getErr().println("error: snapshot " + session.namespace() + "/" + name + " does not exist");
            return 1;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", name);
        result.put("namespace", session.namespace());
        result.put("deleted", true);
        return print(out -> out.println("snapshot " + session.namespace() + "/" + name + " deleted"), result);
    }
}
