package dev.edgevm.kubevirt.doctor;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link DoctorCheck} found: its status, the finding in words, how to fix it (when there
 * is something to fix), and what {@code run(true)} changed in the cluster to fix it.
 */
public final class CheckResult {

    private final String check;
    private final String title;
    private final CheckStatus status;
    private final String finding;
    private final String fix;
    private final List<String> actions;

    private CheckResult(String check, String title, CheckStatus status, String finding, String fix, List<String> actions) {
        this.check = Objects.requireNonNull(check, "check");
        this.title = Objects.requireNonNull(title, "title");
        this.status = Objects.requireNonNull(status, "status");
        this.finding = Objects.requireNonNull(finding, "finding");
        this.fix = fix;
        this.actions = List.copyOf(actions);
    }

    public static CheckResult ok(DoctorCheck check, String finding) {
        return new CheckResult(check.id(), check.title(), CheckStatus.OK, finding, null, List.of());
    }

    public static CheckResult warn(DoctorCheck check, String finding, String fix) {
        return new CheckResult(check.id(), check.title(), CheckStatus.WARN, finding, Objects.requireNonNull(fix, "fix"), List.of());
    }

    public static CheckResult fail(DoctorCheck check, String finding, String fix) {
        return new CheckResult(check.id(), check.title(), CheckStatus.FAIL, finding, Objects.requireNonNull(fix, "fix"), List.of());
    }

    public static CheckResult skipped(DoctorCheck check, String why) {
        return new CheckResult(check.id(), check.title(), CheckStatus.SKIPPED, why, null, List.of());
    }

    /** This result, recording what was changed in the cluster to fix the problem (one line per change). */
    public CheckResult withActions(List<String> done) {
        return new CheckResult(check, title, status, finding, fix, done);
    }

    /** The check's {@link DoctorCheck#id()}. */
    public String check() {
        return check;
    }

    /** The check's {@link DoctorCheck#title()}. */
    public String title() {
        return title;
    }

    public CheckStatus status() {
        return status;
    }

    /** What was found, e.g. {@code namespace kubevirt is Terminating: ...}. */
    public String finding() {
        return finding;
    }

    /** What to do about it: a command, a setting, or what {@code --fix} would do. */
    public Optional<String> fix() {
        return Optional.ofNullable(fix);
    }

    /** What fixing changed in the cluster; empty unless fixes were applied and something was fixable. */
    public List<String> actions() {
        return actions;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(status.name()).append(' ').append(check).append(": ").append(finding);
        fix().ifPresent(f -> sb.append("\n  fix: ").append(f));
        actions.forEach(a -> sb.append("\n  done: ").append(a));
        return sb.toString();
    }
}
