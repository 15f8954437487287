package dev.edgevm.kubevirt.doctor;

/**
 * One troubleshooting step of the runbook as a check. Modules contribute theirs through
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.edgevm.kubevirt.doctor.DoctorCheck}. Implementations are stateless
 * and have a public no-argument constructor.
 *
 * <p>A check reads the cluster through {@link DoctorContext#cluster()} and changes it only when
 * {@link DoctorContext#applyFixes()} is true and the fix is safe without a human decision; it says
 * what it changed with {@link CheckResult#withActions}. A {@link dev.edgevm.core.ForbiddenException}
 * it throws makes it {@link CheckStatus#SKIPPED}; any other failure to look makes it
 * {@link CheckStatus#FAIL}.
 */
public interface DoctorCheck {

    /** Orders of the built-in checks; a contributed check picks the band it belongs to. */
    int PLATFORM = 100;
    int STORAGE = 200;
    int NETWORK = 300;
    int CLEANUP = 900;

    /** A short stable name, e.g. {@code kubevirt}, {@code stuck-namespaces}. */
    String id();

    /** What is checked, in a few words, e.g. {@code KubeVirt installed and healthy}. */
    String title();

    /** Where the check goes in a report: checks run and are listed by order, then id. */
    default int order() {
        return PLATFORM;
    }

    CheckResult run(DoctorContext context);
}
