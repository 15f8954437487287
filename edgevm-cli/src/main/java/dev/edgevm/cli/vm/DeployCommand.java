package dev.edgevm.cli.vm;

import dev.edgevm.cli.EdgeVmCommand;
import dev.edgevm.cli.cluster.Session;
import dev.edgevm.cli.options.ClusterCommand;
import dev.edgevm.cli.options.OutputFormat;
import dev.edgevm.cli.options.PrintsResult;
import dev.edgevm.cli.output.ProgressDisplay;
import dev.edgevm.cli.output.Structured;
import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.VmSpec;
import dev.edgevm.kubevirt.DeployOutcome;
import dev.edgevm.kubevirt.DeployedVm;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code edgevm deploy}: creates everything the VM needs, as {@code render vm} with the same flags
 * shows it, printing each step. The spec is checked completely before the cluster is contacted:
 * an invalid one sends no request at all.
 */
@Command(name = "deploy", header = "Create a VM and everything it needs.", mixinStandardHelpOptions = true, sortOptions = false)
public final class DeployCommand implements Callable<Integer>, ClusterCommand, PrintsResult {

    @Spec
    CommandSpec spec;

    @Mixin
    VmSpecOptions vm;

    @Override
    public Integer call() {
        OutputFormat format = EdgeVmCommand.format(spec, this);
        VmSpec built = vm.toSpec(null);
        PrintWriter out = spec.commandLine().getOut();
        DeployedVm deployed;
        try (Session session = EdgeVmCommand.connect(spec);
             ProgressDisplay progress = EdgeVmCommand.progress(spec, format, "  ")) {
            deployed = session.vms().deploy(built, progress);
        } catch (InvalidSpecException refused) {
            throw SpecFlags.underFlags(refused); // what only the cluster knows, e.g. a network without its resource
        }
        String outcome = deployed.outcome().name().toLowerCase(Locale.ROOT);
        if (format != OutputFormat.TABLE) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", deployed.name());
            result.put("namespace", deployed.namespace());
            result.put("outcome", outcome);
            result.put("runStrategy", built.runStrategy().wireName());
            Structured.print(out, format, result);
            return 0;
        }
        String ref = "VirtualMachine " + deployed.namespace() + "/" + deployed.name();
        out.println(ref + (deployed.outcome() == DeployOutcome.UNCHANGED ? " unchanged: it already exists with this spec" : " " + outcome));
        if (built.runStrategy() == RunStrategy.HALTED) {
            out.println("It is Halted; start it with: edgevm start " + deployed.name() + " -n " + deployed.namespace());
        }
        out.flush();
        return 0;
    }
}
