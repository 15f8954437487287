package dev.edgevm.cli.vm;

import dev.edgevm.cli.EdgeVmCommand;
import dev.edgevm.cli.cluster.Session;
import dev.edgevm.cli.options.ClusterCommand;
import dev.edgevm.cli.options.OutputFormat;
import dev.edgevm.cli.options.PrintsResult;
import dev.edgevm.cli.output.Structured;
import dev.edgevm.kubevirt.VmResource;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A command about one VM named on the command line: connects, runs, disconnects. */
abstract class VmCommand implements Callable<Integer>, ClusterCommand {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The VM's name.")
    String name;

    /** The output format, for commands that print a result; chosen before connecting. */
    OutputFormat format = OutputFormat.TABLE;

    @Override
    public final Integer call() {
        if (this instanceof PrintsResult prints) {
            format = EdgeVmCommand.format(spec, prints);
        }
        checkOptions();
        try (Session session = EdgeVmCommand.connect(spec)) {
            return run(session.vms().withName(name), session);
        }
    }

    /** Checks the options before connecting; throws a ParameterException for a bad combination. */
    void checkOptions() {}

    abstract int run(VmResource vm, Session session);

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** {@code VirtualMachine default/cirros}, as messages name it. */
    String ref(VmResource vm) {
        return "VirtualMachine " + vm.namespace() + "/" + vm.name();
    }

    /** The VM's name and namespace, the start of every object these commands print. */
    static Map<String, Object> identity(VmResource vm) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", vm.name());
        m.put("namespace", vm.namespace());
        return m;
    }

    /** Prints {@code text} as the table format's line, or the {@code result} (read only then) as YAML or JSON. */
    int print(String text, Supplier<Map<String, Object>> result) {
        if (format == OutputFormat.TABLE) {
            out().println(text);
            out().flush();
        } else {
            Structured.print(out(), format, result.get());
        }
        return 0;
    }
}
