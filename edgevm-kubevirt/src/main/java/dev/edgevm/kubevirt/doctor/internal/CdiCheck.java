package dev.edgevm.kubevirt.doctor.internal;

import dev.edgevm.core.NotFoundException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.doctor.CheckResult;
import dev.edgevm.kubevirt.doctor.DoctorCheck;
import dev.edgevm.kubevirt.doctor.DoctorContext;
import dev.edgevm.kubevirt.model.cdi.CDI;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Objects;

/**
 * CDI's custom resource is Deployed and its pods (apiserver, deployment, operator, uploadproxy)
 * run in the {@code cdi} namespace. Uploads need all of them; edgevm-storage adds checks of its own.
 */
public final class CdiCheck implements DoctorCheck {

    /** Where CDI runs: the runbook's (and CDI's default) namespace. */
    static final String NAMESPACE = "cdi";
    private static final List<String> COMPONENTS = List.of("cdi-apiserver", "cdi-deployment", "cdi-operator", "cdi-uploadproxy");

    @Override
    public String id() {
        return "cdi";
    }

    @Override
    public String title() {
        return "CDI installed and healthy";
    }

    @Override
    public int order() {
        return PLATFORM + 10;
    }

    @Override
    public CheckResult run(DoctorContext context) {
        List<CDI> found;
        try {
            found = context.cluster().call("list", ObjectRef.clusterScoped("CDI", null),
                    () -> context.cluster().client().resources(CDI.class).list().getItems());
        } catch (NotFoundException e) {
            return CheckResult.fail(this, "the cluster does not serve cdi.kubevirt.io/v1beta1 CDI: CDI is not installed",
                    "install CDI (cdi-operator, then a CDI object); stateful VMs need it for uploads");
        }
        if (found.isEmpty()) {
            return CheckResult.fail(this, "no CDI object exists, so cdi-operator deploys nothing",
                    "create the CDI object (kubectl create -f cdi-cr.yaml)");
        }
        CDI cdi = found.get(0);
        String phase = cdi.getStatus() == null || cdi.getStatus().phase() == null ? "" : cdi.getStatus().phase();
        List<String> conditions = cdi.getStatus() == null || cdi.getStatus().conditions() == null ? List.of()
                : cdi.getStatus().conditions().stream()
                        .map(c -> Verdicts.trouble(c.getType(), c.getStatus(), c.getMessage())).filter(Objects::nonNull).toList();
        List<Pod> pods = context.cluster().call("list", ObjectRef.of("Pod", NAMESPACE, null),
                () -> context.cluster().client().pods().inNamespace(NAMESPACE).list().getItems());
        return Verdicts.of(this, "CDI " + cdi.getMetadata().getName(), "kubectl get cdi " + cdi.getMetadata().getName() + " -o yaml",
                phase, conditions,
                OperatorPods.examine(NAMESPACE, pods, COMPONENTS));
    }
}
