package dev.edgevm.cli.snapshot;

import dev.edgevm.cli.EdgeVmCommand;
import dev.edgevm.cli.cluster.Session;
import dev.edgevm.cli.options.ClusterCommand;
import dev.edgevm.cli.options.OutputFormat;
import dev.edgevm.cli.options.PrintsResult;
import dev.edgevm.cli.output.ProgressDisplay;
import dev.edgevm.cli.output.Structured;
import dev.edgevm.core.ProgressListener;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.snapshot.Snapshots;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A snapshot command: connects, works on the namespace's snapshots, disconnects. It prints its
 * result as lines, or with {@code -o yaml|json} as an object (progress then goes to stderr).
 */
abstract class SnapshotSubcommand implements Callable<Integer>, ClusterCommand, PrintsResult {

    @Spec
    CommandSpec spec;

    OutputFormat format;

    /** Each step on its own indented line, a transfer as a bar on a terminal; open while {@link #run} runs. */
    private ProgressDisplay progress;

    @Override
    public final Integer call() {
        format = EdgeVmCommand.format(spec, this);
        try (Session session = EdgeVmCommand.connect(spec);
             ProgressDisplay display = EdgeVmCommand.progress(spec, format, "  ")) {
            progress = display;
            return run(EdgeStorage.of(session.edge()).snapshots().inNamespace(session.namespace()), session);
        }
    }

    abstract int run(Snapshots snapshots, Session session);

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    ProgressListener progress() {
        return progress;
    }

    /** Prints the result: {@code lines} for the table format, else {@code result} as YAML or JSON. */
    int print(Consumer<PrintWriter> lines, Map<String, Object> result) {
        if (format == OutputFormat.TABLE) {
            lines.accept(out());
            out().flush();
        } else {
            Structured.print(out(), format, result);
        }
        return 0;
    }
}
