package dev.edgevm.cli.demo;

import dev.edgevm.kubevirt.doctor.CheckResult;
import dev.edgevm.kubevirt.doctor.CheckStatus;
import dev.edgevm.kubevirt.doctor.DoctorReport;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The troubleshooting section as checks: what the doctor finds on the cluster the demo built. */
final class DoctorStep implements DemoStep {

    @Override
    public String name() {
        return "doctor";
    }

    @Override
    public String runbookSection() {
        return "Useful Commands and Troubleshooting";
    }

    @Override
    public String run(DemoContext context) {
        DoctorReport report = context.edge().doctor().run();
        for (CheckResult r : report.results()) {
            context.say(String.format("%-7s %-19s %s", r.status(), r.check(), r.finding()));
            r.fix().filter(f -> r.status().isProblem()).ifPresent(f -> context.say("        fix: " + f));
        }
        Map<CheckStatus, Long> counts = report.results().stream()
                .collect(Collectors.groupingBy(CheckResult::status, TreeMap::new, Collectors.counting()));
        return report.results().size() + " checks: " + counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "));
    }
}
