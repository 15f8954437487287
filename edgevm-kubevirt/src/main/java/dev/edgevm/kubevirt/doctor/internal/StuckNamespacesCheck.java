package dev.edgevm.kubevirt.doctor.internal;

import dev.edgevm.core.NotFoundException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.doctor.CheckResult;
import dev.edgevm.kubevirt.doctor.DoctorCheck;
import dev.edgevm.kubevirt.doctor.DoctorContext;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Namespaces stuck Terminating (the runbook's troubleshooting item 4: KubeVirt or CDI removed in
 * the wrong order leaves their namespace held by finalizers nobody will remove). With fixes on, it
 * clears the namespace finalizers through {@code /api/v1/namespaces/<ns>/finalize}, as the runbook
 * does, but only for the {@code kubevirt} and {@code cdi} namespaces and only once their operator is
 * gone; anywhere else it says what holds the namespace and leaves the decision to a person.
 */
public final class StuckNamespacesCheck implements DoctorCheck {

    /** The namespaces the runbook clears by hand, and the operator whose pods would otherwise finish the job. */
    private static final Map<String, String> OPERATORS = Map.of("kubevirt", "virt-operator", "cdi", "cdi-operator");
    private static final Set<String> HOLDING = Set.of("NamespaceContentRemaining", "NamespaceFinalizersRemaining",
            "NamespaceDeletionContentFailure", "NamespaceDeletionDiscoveryFailure", "NamespaceDeletionGroupVersionParsingFailure");

    @Override
    public String id() {
        return "stuck-namespaces";
    }

    @Override
    public String title() {
        return "No namespace stuck Terminating";
    }

    @Override
    public int order() {
        return CLEANUP;
    }

    @Override
    public CheckResult run(DoctorContext context) {
        List<Namespace> terminating = context.cluster().call("list", ObjectRef.clusterScoped("Namespace", null),
                        () -> context.cluster().client().namespaces().list().getItems()).stream()
                .filter(ns -> ns.getStatus() != null && "Terminating".equals(ns.getStatus().getPhase()))
                .collect(Collectors.toList());
        if (terminating.isEmpty()) {
            return CheckResult.ok(this, "no namespace is Terminating");
        }
        List<String> findings = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        boolean unresolved = false;
        for (Namespace ns : terminating) {
            String name = ns.getMetadata().getName();
            String held = describe(ns, context);
            String operator = OPERATORS.get(name);
            List<String> operatorPods = operator == null ? List.of() : operatorPods(context, name, operator);
            boolean operatorGone = operator != null && operatorPods.isEmpty();
            if (operatorGone && context.applyFixes()) {
                if (clearFinalizers(context, ns)) {
                    actions.add("cleared the finalizers of namespace " + name + " (" + held + ") through /api/v1/namespaces/"
                            + name + "/finalize; its operator was gone. Objects it held are orphaned: run the cleanup again");
                } else {
                    actions.add("namespace " + name + " was gone before its finalizers were cleared");
                }
                continue;
            }
            unresolved = true;
            findings.add("namespace " + name + " is " + held);
            if (operatorGone) {
                fixes.add("edgevm doctor --fix clears the finalizers of " + name + " (as the runbook does: kubectl get namespace " + name
                        + " -o json, empty spec.finalizers, kubectl replace --raw /api/v1/namespaces/" + name + "/finalize -f -)");
            } else if (operator != null) {
                fixes.add("the operator in " + name + " still runs (" + String.join(", ", operatorPods) + "): delete its custom"
                        + " resource first and let the operator remove it, then the operator; do not clear the finalizers by hand");
            } else {
                fixes.add("find what holds " + name + " (kubectl get namespace " + name + " -o yaml, status.conditions) and remove"
                        + " those objects' finalizers once their controller is gone");
            }
        }
        if (!unresolved) {
            return CheckResult.ok(this, "no namespace is stuck any more").withActions(actions);
        }
        return CheckResult.fail(this, String.join("; ", findings), String.join("; ", fixes)).withActions(actions);
    }

    /** {@code Terminating for 31m: Some content in the namespace has finalizers remaining: ...}. */
    private static String describe(Namespace ns, DoctorContext context) {
        StringBuilder sb = new StringBuilder("Terminating");
        String deleted = ns.getMetadata().getDeletionTimestamp();
        if (deleted != null) {
            sb.append(" for ").append(age(Duration.between(Instant.parse(deleted), context.clock().instant())));
        }
        List<NamespaceCondition> conditions = ns.getStatus().getConditions() == null ? List.of() : ns.getStatus().getConditions();
        String why = conditions.stream().filter(c -> HOLDING.contains(c.getType()) && "True".equals(c.getStatus()))
                .map(c -> c.getMessage() == null ? c.getType() : c.getMessage()).collect(Collectors.joining("; "));
        if (!why.isEmpty()) {
            sb.append(": ").append(why);
        }
        return sb.toString();
    }

    private static String age(Duration d) {
        if (d.isNegative() || d.toMinutes() < 1) {
            return Math.max(0, d.toSeconds()) + "s";
        }
        return d.toHours() < 1 ? d.toMinutes() + "m" : d.toHours() + "h" + (d.toMinutesPart() == 0 ? "" : d.toMinutesPart() + "m");
    }

    /** The operator's pods still in the namespace, by name as its Deployment names them ({@code virt-operator-<hash>-<id>}). */
    private static List<String> operatorPods(DoctorContext context, String namespace, String operator) {
        return context.cluster().call("list", ObjectRef.of("Pod", namespace, null),
                        () -> context.cluster().client().pods().inNamespace(namespace).list().getItems()).stream()
                .map(p -> p.getMetadata().getName()).filter(n -> n.startsWith(operator + "-")).collect(Collectors.toList());
    }

    /** PUT /api/v1/namespaces/{name}/finalize with spec.finalizers emptied; false when the namespace was already gone. */
    private static boolean clearFinalizers(DoctorContext context, Namespace ns) {
        String name = ns.getMetadata().getName();
        ObjectRef ref = ObjectRef.clusterScoped("Namespace", name);
        Namespace body = new io.fabric8.kubernetes.api.model.NamespaceBuilder(ns).editOrNewSpec().withFinalizers(List.of()).endSpec().build();
        try {
            context.cluster().run("finalize", ref,
                    () -> context.cluster().client().raw("/api/v1/namespaces/" + name + "/finalize", "PUT", body));
            return true;
        } catch (NotFoundException gone) {
            return false;
        }
    }
}
