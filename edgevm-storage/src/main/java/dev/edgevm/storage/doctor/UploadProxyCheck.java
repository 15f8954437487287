package dev.edgevm.storage.doctor;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.doctor.CheckResult;
import dev.edgevm.kubevirt.doctor.DoctorCheck;
import dev.edgevm.kubevirt.doctor.DoctorContext;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.internal.DefaultEdgeStorage;
import dev.edgevm.storage.upload.internal.UploadEndpoint;
import dev.edgevm.storage.upload.internal.UploadProxyProbe;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The runbook's first troubleshooting step ("the PVC image is not being uploaded"): CDI publishes
 * its upload proxy's URL and CA, no NetworkPolicy in CDI's namespace keeps clients from the proxy,
 * and the proxy answers here, over TLS verified the way uploads verify it.
 */
public final class UploadProxyCheck implements DoctorCheck {

    /** The label CDI's operator puts on the proxy's pods. */
    static final Map<String, String> PROXY_LABELS = Map.of("cdi.kubevirt.io", "cdi-uploadproxy");
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    @Override
    public String id() {
        return "cdi-upload-proxy";
    }

    @Override
    public String title() {
        return "CDI upload proxy published and reachable";
    }

    @Override
    public int order() {
        return STORAGE + 30;
    }

    @Override
    public CheckResult run(DoctorContext context) {
        DefaultEdgeStorage storage = (DefaultEdgeStorage) EdgeStorage.of(context.edge());
        if (!storage.cdi().installed()) {
            return CheckResult.skipped(this, "CDI is not installed (no CDIConfig)");
        }
        UploadEndpoint endpoint;
        try {
            endpoint = storage.endpoint();
        } catch (EdgeVmException unpublished) {
            return CheckResult.fail(this, unpublished.getMessage(),
                    "kubectl get services -A | grep cdi-uploadproxy; set CDIConfig spec.uploadProxyURLOverride, or StorageConfig.uploadProxyUrl");
        }
        String namespace = storage.config().cdiNamespace();
        List<String> blocking = blockingPolicies(context, namespace);
        UploadProxyProbe.Result probe = UploadProxyProbe.probe(endpoint.uploadUri(), endpoint.tls(), PROBE_TIMEOUT);
        String where = endpoint.uploadUri().resolve("/").toString();
        if (!probe.reachable() || !probe.trusted()) {
            String why = probe.problem() + (blocking.isEmpty() ? "" : "; NetworkPolicies selecting the proxy: " + String.join("; ", blocking));
            String fix = !probe.trusted() && probe.reachable()
                    ? "the proxy's certificate is not signed by " + endpoint.describedTrust() + ": check StorageConfig.uploadTls and CDIConfig status.uploadProxyCA"
                    : "check the address (kubectl get services -A | grep cdi-uploadproxy) and that the network lets this machine reach it"
                            + (blocking.isEmpty() ? "" : "; allow ingress to the proxy pods (the runbook's cdi-upload-proxy-policy)");
            return CheckResult.fail(this, "uploads cannot reach CDI's upload proxy " + where + ": " + why, fix);
        }
        if (!blocking.isEmpty()) {
            return CheckResult.warn(this, "the upload proxy " + where + " answers here, but NetworkPolicies in namespace " + namespace
                    + " restrict who may reach it: " + String.join("; ", blocking),
                    "make sure the machines that upload are allowed (the runbook's cdi-upload-proxy-policy): kubectl -n " + namespace
                            + " get networkpolicy");
        }
        return CheckResult.ok(this, "the upload proxy " + where + " answers, TLS verified against " + endpoint.describedTrust());
    }

    /** Policies that select the proxy's pods for ingress and do not let everyone in, described. */
    private static List<String> blockingPolicies(DoctorContext context, String namespace) {
        List<NetworkPolicy> policies = context.cluster().call("list", ObjectRef.of("NetworkPolicy", namespace, null),
                () -> context.cluster().client().network().v1().networkPolicies().inNamespace(namespace).list().getItems());
        if (policies.isEmpty()) {
            return List.of();
        }
        List<Pod> pods = context.cluster().call("list", ObjectRef.of("Pod", namespace, null),
                () -> context.cluster().client().pods().inNamespace(namespace).withLabels(PROXY_LABELS).list().getItems());
        Map<String, String> labels = pods.isEmpty() || pods.get(0).getMetadata().getLabels() == null ? PROXY_LABELS
                : pods.get(0).getMetadata().getLabels();
        return policies.stream()
                .filter(p -> p.getSpec() != null && governsIngress(p) && PolicySelectors.matches(p.getSpec().getPodSelector(), labels))
                .filter(p -> p.getSpec().getIngress() == null || p.getSpec().getIngress().stream().noneMatch(UploadProxyCheck::admitsAnyone))
                .map(p -> p.getMetadata().getName() + (p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty()
                        ? " (no ingress rule: nothing may connect)" : " (ingress only from some peers or ports)"))
                .collect(Collectors.toList());
    }

    private static boolean governsIngress(NetworkPolicy p) {
        List<String> types = p.getSpec().getPolicyTypes();
        return types == null || types.isEmpty() || types.contains("Ingress");
    }

    private static boolean admitsAnyone(NetworkPolicyIngressRule rule) {
        return (rule.getFrom() == null || rule.getFrom().isEmpty()) && (rule.getPorts() == null || rule.getPorts().isEmpty()
                || rule.getPorts().stream().anyMatch(port -> port.getPort() == null || Integer.valueOf(8443).equals(port.getPort().getIntVal())
                || "8443".equals(port.getPort().getStrVal())));
    }
}
