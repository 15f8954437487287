package dev.edgevm.kubevirt.doctor;

import java.util.List;

/**
 * The runbook's troubleshooting as checks: KubeVirt and CDI installed and healthy, nodes able to
 * run VMs, NetworkPolicies keeping traffic from VMs, namespaces stuck Terminating, plus the checks
 * other modules on the classpath contribute ({@link DoctorCheck}). Get one with
 * {@link dev.edgevm.kubevirt.EdgeVm#doctor()}.
 *
 * <pre>{@code
 * DoctorReport report = edge.doctor().run();
 * report.problems().forEach(System.out::println);
 * }</pre>
 */
public interface Doctor {

    /** The same doctor looking at the VMs of {@code namespace} (no I/O). */
    Doctor inNamespace(String namespace);

    /** The checks it runs, in order. */
    List<DoctorCheck> checks();

    /** Runs every check; changes nothing. */
    DoctorReport run();

    /**
     * Runs every check; with {@code applyFixes}, checks that have a safe fix apply it and say what
     * they did ({@link CheckResult#actions()}).
     *
     * @throws dev.edgevm.core.ClusterUnreachableException when there is no cluster to look at
     */
    DoctorReport run(boolean applyFixes);
}
