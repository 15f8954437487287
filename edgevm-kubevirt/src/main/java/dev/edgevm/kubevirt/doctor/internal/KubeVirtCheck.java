package dev.edgevm.kubevirt.doctor.internal;

import dev.edgevm.core.NotFoundException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.doctor.CheckResult;
import dev.edgevm.kubevirt.doctor.DoctorCheck;
import dev.edgevm.kubevirt.doctor.DoctorContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** KubeVirt's custom resource is Deployed and its pods (virt-api, -controller, -handler, -operator) run. */
public final class KubeVirtCheck implements DoctorCheck {

    static final ResourceDefinitionContext KUBEVIRTS = new ResourceDefinitionContext.Builder()
            .withGroup("kubevirt.io").withVersion("v1").withKind("KubeVirt").withPlural("kubevirts").withNamespaced(true).build();
    private static final List<String> COMPONENTS = List.of("virt-api", "virt-controller", "virt-handler", "virt-operator");

    @Override
    public String id() {
        return "kubevirt";
    }

    @Override
    public String title() {
        return "KubeVirt installed and healthy";
    }

    @Override
    public int order() {
        return PLATFORM;
    }

    @Override
    public CheckResult run(DoctorContext context) {
        List<GenericKubernetesResource> found;
        try {
            found = context.cluster().call("list", ObjectRef.of("KubeVirt", null, null),
                    () -> context.cluster().client().genericKubernetesResources(KUBEVIRTS).inAnyNamespace().list().getItems());
        } catch (NotFoundException e) {
            return CheckResult.fail(this, "the cluster does not serve kubevirt.io/v1 KubeVirt: KubeVirt is not installed",
                    "install KubeVirt (virt-operator, then a KubeVirt object)");
        }
        if (found.isEmpty()) {
            return CheckResult.fail(this, "no KubeVirt object exists, so virt-operator deploys nothing",
                    "create the KubeVirt object (kubectl create -f kubevirt-cr.yaml)");
        }
        GenericKubernetesResource kv = found.get(0);
        String namespace = kv.getMetadata().getNamespace();
        String name = "KubeVirt " + namespace + "/" + kv.getMetadata().getName();
        String phase = text(kv.get("status", "phase"));
        List<Pod> pods = context.cluster().call("list", ObjectRef.of("Pod", namespace, null),
                () -> context.cluster().client().pods().inNamespace(namespace).list().getItems());
        OperatorPods operatorPods = OperatorPods.examine(namespace, pods, COMPONENTS);
        List<String> conditions = troubleConditions(kv.get("status", "conditions"));
        return Verdicts.of(this, name, "kubectl -n " + namespace + " get kubevirt " + kv.getMetadata().getName() + " -o yaml",
                phase, conditions, operatorPods);
    }

    static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    /** Conditions that say something is wrong: Degraded True, Available False (with their messages). */
    static List<String> troubleConditions(Object conditions) {
        List<String> trouble = new ArrayList<>();
        if (!(conditions instanceof List<?> list)) {
            return trouble;
        }
        for (Object o : list) {
            if (o instanceof Map<?, ?> c) {
                String verdict = Verdicts.trouble(text(c.get("type")), text(c.get("status")), text(c.get("message")));
                if (verdict != null) {
                    trouble.add(verdict);
                }
            }
        }
        return trouble;
    }
}
