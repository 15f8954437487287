package dev.edgevm.cli.sriov;

import dev.edgevm.cli.EdgeVmCommand;
import dev.edgevm.cli.cluster.Session;
import dev.edgevm.cli.options.ClusterCommand;
import dev.edgevm.cli.options.OutputFormat;
import dev.edgevm.cli.options.PrintsResult;
import dev.edgevm.cli.output.Structured;
import dev.edgevm.core.Violations;
import dev.edgevm.sriov.EdgeSriov;
import dev.edgevm.sriov.VfAvailability;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code edgevm sriov availability [RESOURCE]}: the runbook's step 3, {@code kubectl get node -o json
 * | jq '.status.allocatable'}, with what pods already use subtracted: per node, the VFs of each
 * SR-IOV resource (or of the one named) and how many a new VM could get.
 */
@Command(name = "availability", header = "The VFs of each node: capacity, allocatable, used by pods, free.",
        mixinStandardHelpOptions = true)
public final class SriovAvailabilityCommand implements Callable<Integer>, ClusterCommand, PrintsResult {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RESOURCE",
            description = "One device plugin resource, e.g. intel.com/intel_sriov_vm (default: every SR-IOV resource:"
                    + " those the NetworkAttachmentDefinitions name).")
    String resource;

    @Override
    public Integer call() {
        OutputFormat format = EdgeVmCommand.format(spec, this);
        if (resource != null) {
            Violations v = Violations.collect();
            v.addAll(SriovFlags.problems(c -> c.resource(resource)));
            v.throwIfAny("sriov availability");
        }
        VfTable vfs = new VfTable();
        try (Session session = EdgeVmCommand.connect(spec)) {
            EdgeSriov sriov = EdgeSriov.of(session.edge());
            if (resource == null) {
                sriov.inventory().forEach(n -> vfs.node(n.node(), n.resources()));
            } else {
                VfAvailability availability = sriov.availability(resource);
                availability.nodes().keySet().stream().sorted()
                        .forEach(node -> vfs.node(node, Map.of(resource, availability.nodes().get(node))));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format != OutputFormat.TABLE) {
            Structured.print(out, format, vfs.rows());
        } else if (vfs.isEmpty()) {
            spec.commandLine().getErr().println(resource == null
                    ? "No node advertises an SR-IOV resource (one a NetworkAttachmentDefinition names)."
                    : "No node advertises " + resource + ".");
        } else {
            vfs.table().print(out);
        }
        return 0;
    }
}
