package dev.edgevm.cli.demo;

import dev.edgevm.cli.EdgeVmCommand;
import dev.edgevm.cli.output.Table;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code edgevm demo}: starts an embedded edge cluster and walks the runbook with the SDK, printing
 * each step and its result, then a summary. {@code --keep-running} leaves what it made in place and
 * keeps the cluster up, with a kubeconfig, so the runbook's own kubectl commands work on it until Ctrl-C.
 */
@Command(name = "demo", header = "Walk the runbook on an embedded edge cluster, step by step.", mixinStandardHelpOptions = true)
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--keep-running", description = "Delete nothing at the end and keep the cluster up (with a kubeconfig) until Ctrl-C.")
    boolean keepRunning;

    /** Where {@code --keep-running} writes the kubeconfig when {@code --kubeconfig-out} is not given. */
    static final Path DEFAULT_KUBECONFIG = Path.of("edgevm-demo.kubeconfig");

    @Option(names = "--kubeconfig-out", paramLabel = "FILE",
            description = "With --keep-running: where to write the cluster's kubeconfig (default: ./edgevm-demo.kubeconfig).")
    Path kubeconfigOut;

    @Override
    public Integer call() throws InterruptedException {
        if (kubeconfigOut != null && !keepRunning) {
            throw new ParameterException(spec.commandLine(), "--kubeconfig-out only applies with --keep-running:"
                    + " without it the cluster stops when the demo ends, and a kubeconfig would point at nothing");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("edgevm demo: the runbook, step by step, on a simulated edge cluster in this process");
        List<DemoStep> steps = new ArrayList<>(List.of(
                new ClusterStep(),
                new StatelessStep(),
                new StatefulStep(),
                new SriovStep(),
                new CpuManagerStep(),
                new SnapshotStep(),
                new DoctorStep()));
        if (!keepRunning) {
            steps.add(new DeletionStep());
        }
        Table summary = Table.of("STEP", "RESULT", "TIME", "RUNBOOK SECTION", "WHAT HAPPENED");
        boolean failed = false;
        boolean terminal = EdgeVmCommand.of(spec).terminal();
        try (EmbeddedEdgeCluster cluster = DemoCluster.start(); EdgeVm edge = EdgeVm.using(cluster.client());
             DemoContext context = new DemoContext(cluster, edge, out, terminal)) {
            for (DemoStep step : steps) {
                failed |= !run(step, context, out, summary);
            }
            context.close(); // the disk image is in the cluster now; a kept cluster does not need it
            out.println();
            summary.print(out);
            if (keepRunning) {
                keepRunning(cluster, out);
            }
        }
        return failed ? 1 : 0;
    }

    static boolean run(DemoStep step, DemoContext context, PrintWriter out, Table summary) {
        out.println();
        out.println("==> " + step.name() + " (runbook: " + step.runbookSection() + ")");
        out.flush();
        Instant start = Instant.now();
        try {
            String result = step.run(context);
            summary.row(step.name(), "ok", seconds(start), step.runbookSection(), result);
            return true;
        } catch (Exception e) {
            String why = describe(e);
            context.say("FAILED: " + why);
            summary.row(step.name(), "FAILED", seconds(start), step.runbookSection(), why.lines().findFirst().orElse(""));
            return false;
        }
    }

    /** What went wrong, also for an exception without a message (a NullPointerException, say). */
    static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getName() : message;
    }

    private void keepRunning(EmbeddedEdgeCluster cluster, PrintWriter out) throws InterruptedException {
        Path kubeconfig = cluster.writeKubeconfig(kubeconfigOut == null ? DEFAULT_KUBECONFIG : kubeconfigOut).toAbsolutePath();
        out.println();
        out.println("The cluster keeps running with what the demo made. In another shell:");
        out.println("  export KUBECONFIG=" + kubeconfig);
        out.println("  kubectl get vms; kubectl get vmi; kubectl get dv; kubectl get pvc; kubectl get pv; kubectl get sc");
        out.println("  kubectl get pods -n kubevirt; kubectl get pods -n cdi; kubectl get nodes");
        out.println("  ./edgevm list --kubeconfig " + kubeconfig + "; ./edgevm pv list --kubeconfig " + kubeconfig
                + "; ./edgevm doctor --kubeconfig " + kubeconfig);
        out.println("Press Ctrl-C to stop it.");
        out.flush();
        EdgeVmCommand.of(spec).interruption().await(cluster);
    }

    private static String seconds(Instant start) {
        return String.format("%.1fs", Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }
}
