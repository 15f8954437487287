package dev.edgevm.cli.vm;

import dev.edgevm.cli.cluster.Session;
import dev.edgevm.cli.options.OutputFormat;
import dev.edgevm.cli.options.PrintsResult;
import dev.edgevm.cli.output.Structured;
import dev.edgevm.cli.output.Table;
import dev.edgevm.kubevirt.VmResource;
import dev.edgevm.kubevirt.VmStatus;
import picocli.CommandLine.Command;

/** {@code edgevm get NAME}: the VM's status, and with {@code -o yaml|json} its conditions and NICs too. */
@Command(name = "get", header = "Show a VM's status.", mixinStandardHelpOptions = true)
public final class GetCommand extends VmCommand implements PrintsResult {

    @Override
    int run(VmResource vm, Session session) {
        VmStatus status = vm.require();
        if (format == OutputFormat.TABLE) {
            Table table = VmStatusView.table();
            VmStatusView.addRow(table, status);
            table.print(out());
        } else {
            Structured.print(out(), format, VmStatusView.map(status));
        }
        return 0;
    }
}
