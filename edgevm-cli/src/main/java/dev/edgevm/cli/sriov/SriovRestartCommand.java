package dev.edgevm.cli.sriov;

import dev.edgevm.cli.EdgeVmCommand;
import dev.edgevm.cli.cluster.Session;
import dev.edgevm.cli.options.ClusterCommand;
import dev.edgevm.cli.options.DurationConverter;
import dev.edgevm.cli.options.OutputFormat;
import dev.edgevm.cli.options.PrintsResult;
import dev.edgevm.cli.output.Structured;
import dev.edgevm.core.KubernetesNames;
import dev.edgevm.core.Violations;
import dev.edgevm.sriov.EdgeSriov;
import dev.edgevm.sriov.NodeVfs;
import dev.edgevm.sriov.SriovConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code edgevm sriov restart-device-plugin NODE}: the runbook's SR-IOV step 2 after binding a VF to
 * vfio-pci, {@code kubectl delete pod sriov-release-kube-sriov-device-plugin-amd64-<id> -n
 * kube-system} and "wait a few seconds", made exact: the plugin's pod on the node is deleted, and
 * the command returns once its replacement is ready and the node reports its VFs again.
 */
@Command(name = "restart-device-plugin", header = "Restart the SR-IOV device plugin on a node and wait until it reports the VFs again.",
        mixinStandardHelpOptions = true)
public final class SriovRestartCommand implements Callable<Integer>, ClusterCommand, PrintsResult {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NODE", description = "The node where a VF was just bound, e.g. node01.")
    String node;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--selector", paramLabel = "LABEL", defaultValue = SriovConfig.DEFAULT_DEVICE_PLUGIN_SELECTOR,
            description = "The label of the device plugin's pods, key=value[,key=value] (default: ${DEFAULT-VALUE};"
                    + " the SR-IOV Network Operator's are app=sriov-device-plugin).")
    String selector;

    @Override
    public Integer call() {
        OutputFormat format = EdgeVmCommand.format(spec, this);
        Violations v = Violations.collect();
        v.require(KubernetesNames.isDns1123Subdomain(node), "NODE", "'" + node + "' is not a node name (a DNS-1123 subdomain, e.g. node01)");
        v.require(!timeout.isZero() && !timeout.isNegative(), "--timeout", "must be longer than 0, e.g. 2m");
        v.addAll(SriovFlags.problems(c -> c.devicePluginSelector(selector)));
        v.throwIfAny("sriov restart-device-plugin");
        NodeVfs vfs;
        long started = System.nanoTime();
        try (Session session = EdgeVmCommand.connect(spec)) {
            EdgeSriov sriov = EdgeSriov.of(session.edge()).configure(c -> c.devicePluginSelector(selector));
            vfs = sriov.restartDevicePlugin(node, timeout);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        PrintWriter out = spec.commandLine().getOut();
        VfTable table = new VfTable().node(vfs.node(), vfs.resources());
        if (format != OutputFormat.TABLE) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("node", vfs.node());
            result.put("elapsedSeconds", seconds);
            result.put("resources", table.rows());
            Structured.print(out, format, result);
            return 0;
        }
        out.printf("device plugin on %s restarted after %.1fs; the node reports:%n", vfs.node(), seconds);
        table.table().print(out);
        return 0;
    }
}
