package dev.edgevm.kubevirt.doctor;

import java.util.List;
import java.util.stream.Collectors;

/** The results of every check of one doctor run, in check order. */
public final class DoctorReport {

    private final List<CheckResult> results;

    public DoctorReport(List<CheckResult> results) {
        this.results = List.copyOf(results);
    }

    public List<CheckResult> results() {
        return results;
    }

    /** The results someone should act on (WARN and FAIL). */
    public List<CheckResult> problems() {
        return results.stream().filter(r -> r.status().isProblem()).collect(Collectors.toList());
    }

    /** Whether any check failed. */
    public boolean failed() {
        return results.stream().anyMatch(r -> r.status() == CheckStatus.FAIL);
    }

    /** Every change fixing made, across checks. */
    public List<String> actions() {
        return results.stream().flatMap(r -> r.actions().stream()).collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return results.stream().map(CheckResult::toString).collect(Collectors.joining("\n"));
    }
}
