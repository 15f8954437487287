package dev.edgevm.cli.doctor;

import dev.edgevm.cli.EdgeVmCommand;
import dev.edgevm.cli.cluster.Session;
import dev.edgevm.cli.options.ClusterCommand;
import dev.edgevm.cli.options.OutputFormat;
import dev.edgevm.cli.options.PrintsResult;
import dev.edgevm.cli.output.Structured;
import dev.edgevm.cli.output.Table;
import dev.edgevm.kubevirt.doctor.CheckResult;
import dev.edgevm.kubevirt.doctor.DoctorReport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgevm doctor [--fix]}: the runbook's troubleshooting as checks, one line each, then how
 * to fix each problem and what {@code --fix} did. Exits 1 when a check fails, so scripts can gate on it.
 */
@Command(name = "doctor", header = "Check the cluster for the runbook's known problems; --fix repairs the safe ones.",
        mixinStandardHelpOptions = true)
public final class DoctorCommand implements Callable<Integer>, ClusterCommand, PrintsResult {

    @Spec
    CommandSpec spec;

    @Option(names = "--fix", description = "Apply the fixes that are safe without a person deciding (each is reported).")
    boolean fix;

    @Override
    public Integer call() {
        OutputFormat format = EdgeVmCommand.format(spec, this);
        DoctorReport report;
        try (Session session = EdgeVmCommand.connect(spec)) {
            report = session.edge().doctor().inNamespace(session.namespace()).run(fix);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.TABLE) {
            printTable(out, report);
        } else {
            Structured.print(out, format, report.results().stream().map(DoctorCommand::map).collect(Collectors.toList()));
        }
        return report.failed() ? 1 : 0;
    }

    private static void printTable(PrintWriter out, DoctorReport report) {
        Table table = Table.of("CHECK", "STATUS", "FINDING");
        report.results().forEach(r -> table.row(r.check(), r.status(), r.finding()));
        table.print(out);
        List<CheckResult> problems = report.problems();
        if (!problems.isEmpty()) {
            out.println();
            out.println("To fix:");
            problems.forEach(r -> r.fix().ifPresent(f -> out.println("  " + r.check() + ": " + f)));
        }
        List<CheckResult> fixed = report.results().stream().filter(r -> !r.actions().isEmpty()).collect(Collectors.toList());
        if (!fixed.isEmpty()) {
            out.println();
            out.println("Done by --fix:");
            fixed.forEach(r -> r.actions().forEach(a -> out.println("  " + r.check() + ": " + a)));
        }
        out.flush();
    }

    private static Map<String, Object> map(CheckResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check", r.check());
        m.put("title", r.title());
        m.put("status", r.status().name());
        m.put("finding", r.finding());
        r.fix().ifPresent(f -> m.put("fix", f));
        m.put("actions", r.actions());
        return m;
    }
}
