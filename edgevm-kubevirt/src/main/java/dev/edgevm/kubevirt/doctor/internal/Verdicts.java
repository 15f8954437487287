package dev.edgevm.kubevirt.doctor.internal;

import dev.edgevm.kubevirt.doctor.CheckResult;
import dev.edgevm.kubevirt.doctor.DoctorCheck;
import java.util.ArrayList;
import java.util.List;

/** The verdict on an operator-installed component from its custom resource's phase, conditions and pods. */
final class Verdicts {

    private Verdicts() {}

    /** A condition that says something is wrong (Degraded True, Available False) as {@code type=status: message}; else null. */
    static String trouble(String type, String status, String message) {
        boolean wrong = ("Degraded".equals(type) && "True".equals(status)) || ("Available".equals(type) && "False".equals(status));
        return wrong ? type + "=" + status + (message == null || message.isEmpty() ? "" : ": " + message) : null;
    }

    /**
     * Deployed with healthy pods is OK; still Deploying is a warning; any other phase, a condition
     * saying it is degraded, or a pod not running is a failure.
     */
    static CheckResult of(DoctorCheck check, String object, String kubectlGet, String phase, List<String> conditions,
                          OperatorPods pods) {
        List<String> problems = new ArrayList<>();
        if (!"Deployed".equals(phase) && !"Deploying".equals(phase)) {
            problems.add(object + " is in phase " + (phase.isEmpty() ? "(none)" : phase));
        }
        conditions.forEach(c -> problems.add(object + " " + c));
        problems.addAll(pods.problems());
        if (!problems.isEmpty()) {
            return CheckResult.fail(check, String.join("; ", problems),
                    "look at what its operator reports (" + kubectlGet + ") and at the pods (" + pods.howToLook() + ")");
        }
        if ("Deploying".equals(phase)) {
            return CheckResult.warn(check, object + " is still Deploying; " + pods.summary(),
                    "wait until its phase is Deployed, then run the doctor again");
        }
        return CheckResult.ok(check, object + " Deployed; " + pods.summary());
    }
}
