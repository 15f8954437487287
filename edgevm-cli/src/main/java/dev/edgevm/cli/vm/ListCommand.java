package dev.edgevm.cli.vm;

import dev.edgevm.cli.EdgeVmCommand;
import dev.edgevm.cli.cluster.Session;
import dev.edgevm.cli.options.ClusterCommand;
import dev.edgevm.cli.options.OutputFormat;
import dev.edgevm.cli.options.PrintsResult;
import dev.edgevm.cli.output.Structured;
import dev.edgevm.cli.output.Table;
import dev.edgevm.kubevirt.VmStatus;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edgevm list [-l key=value]}: the VMs of the namespace. */
@Command(name = "list", header = "List the VMs of the namespace.", mixinStandardHelpOptions = true)
public final class ListCommand implements Callable<Integer>, ClusterCommand, PrintsResult {

    @Spec
    CommandSpec spec;

    @Option(names = {"-l", "--selector"}, paramLabel = "KEY=VALUE", split = ",",
            description = "Only VMs with these labels (repeatable, or comma-separated).")
    Map<String, String> labels = new LinkedHashMap<>();

    @Override
    public Integer call() {
        OutputFormat format = EdgeVmCommand.format(spec, this);
        List<VmStatus> vms;
        String namespace;
        try (Session session = EdgeVmCommand.connect(spec)) {
            namespace = session.namespace();
            vms = session.vms().list(labels);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format != OutputFormat.TABLE) {
            Structured.print(out, format, VmStatusView.maps(vms));
        } else if (vms.isEmpty()) {
            spec.commandLine().getErr().println("No VMs in namespace " + namespace + (labels.isEmpty() ? "" : " with labels " + labels) + ".");
        } else {
            Table table = VmStatusView.table();
            vms.forEach(vm -> VmStatusView.addRow(table, vm));
            table.print(out);
        }
        return 0;
    }
}
