package dev.edgevm.kubevirt.doctor.internal;

import dev.edgevm.core.ClusterUnreachableException;
import dev.edgevm.core.ForbiddenException;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.doctor.CheckResult;
import dev.edgevm.kubevirt.doctor.Doctor;
import dev.edgevm.kubevirt.doctor.DoctorCheck;
import dev.edgevm.kubevirt.doctor.DoctorContext;
import dev.edgevm.kubevirt.doctor.DoctorReport;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Runs the checks found on the classpath, one after the other; one check failing to look does not stop the others. */
public final class DefaultDoctor implements Doctor {

    private final EdgeVm edge;
    private final ClusterAccess cluster;
    private final String namespace;
    private final List<DoctorCheck> checks;
    private final Clock clock;

    DefaultDoctor(EdgeVm edge, ClusterAccess cluster, String namespace, List<DoctorCheck> checks, Clock clock) {
        this.edge = edge;
        this.cluster = cluster;
        this.namespace = namespace;
        this.checks = checks.stream()
                .sorted(Comparator.comparingInt(DoctorCheck::order).thenComparing(DoctorCheck::id))
                .collect(Collectors.toUnmodifiableList());
        this.clock = clock;
    }

    /** A doctor with every {@link DoctorCheck} registered on the classpath. */
    static DefaultDoctor withRegisteredChecks(EdgeVm edge, ClusterAccess cluster) {
        List<DoctorCheck> found = ServiceLoader.load(DoctorCheck.class).stream()
                .map(ServiceLoader.Provider::get).collect(Collectors.toList());
        return new DefaultDoctor(edge, cluster, edge.namespace(), found, Clock.systemUTC());
    }

    @Override
    public Doctor inNamespace(String ns) {
        return new DefaultDoctor(edge, cluster, ns, checks, clock);
    }

    @Override
    public List<DoctorCheck> checks() {
        return checks;
    }

    @Override
    public DoctorReport run() {
        return run(false);
    }

    @Override
    public DoctorReport run(boolean applyFixes) {
        DoctorContext context = new Context(applyFixes);
        List<CheckResult> results = new ArrayList<>();
        for (DoctorCheck check : checks) {
            results.add(runOne(check, context));
        }
        return new DoctorReport(results);
    }

    private static CheckResult runOne(DoctorCheck check, DoctorContext context) {
        try {
            return check.run(context);
        } catch (ForbiddenException e) {
            return CheckResult.skipped(check, "not allowed to look: " + e.getMessage());
        } catch (ClusterUnreachableException e) {
            throw e;
        } catch (RuntimeException e) {
            return CheckResult.fail(check, "the check could not look: " + e.getMessage(),
                    "fix the error above and run the doctor again");
        }
    }

    private final class Context implements DoctorContext {
        private final boolean applyFixes;

        Context(boolean applyFixes) {
            this.applyFixes = applyFixes;
        }

        @Override
        public EdgeVm edge() {
            return edge;
        }

        @Override
        public ClusterAccess cluster() {
            return cluster;
        }

        @Override
        public String namespace() {
            return namespace;
        }

        @Override
        public boolean applyFixes() {
            return applyFixes;
        }

        @Override
        public Clock clock() {
            return clock;
        }
    }
}
