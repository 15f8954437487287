package dev.edgevm.storage.cdi.internal;

import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.Toleration;
import dev.edgevm.kubevirt.model.cdi.CDIConfig;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads CDI's own objects: CDIConfig {@code config} (upload proxy URL and CA, filesystem overhead),
 * the CDI CR (kept generic, so an update never drops fields this SDK does not model), and the
 * upload proxy's CA bundle ConfigMap. Names are CDI's.
 */
public final class CdiResources {

    public static final String CONFIG_NAME = "config";
    public static final String CA_BUNDLE_CONFIG_MAP = "cdi-uploadproxy-signer-bundle";
    public static final String CA_BUNDLE_KEY = "ca-bundle.crt";
    static final ResourceDefinitionContext CDI_CR = new ResourceDefinitionContext.Builder()
            .withGroup("cdi.kubevirt.io").withVersion("v1beta1").withKind("CDI").withPlural("cdis").withNamespaced(false).build();

    private final ClusterAccess cluster;

    public CdiResources(ClusterAccess cluster) {
        this.cluster = cluster;
    }

    public Optional<CDIConfig> config() {
        return Optional.ofNullable(cluster.call("get", ObjectRef.clusterScoped("CDIConfig", CONFIG_NAME),
                () -> cluster.client().resources(CDIConfig.class).withName(CONFIG_NAME).get()));
    }

    /** The CDI CR (there is one per cluster), if CDI was installed by its operator. */
    Optional<GenericKubernetesResource> cr() {
        return cluster.call("list", ObjectRef.clusterScoped("CDI", null),
                () -> cluster.client().genericKubernetesResources(CDI_CR).list().getItems()).stream().findFirst();
    }

    /** The upload proxy's CA from the ConfigMap CDI's operator keeps in its namespace. */
    public Optional<String> caBundle(String cdiNamespace) {
        ConfigMap bundle = cluster.call("get", ObjectRef.of("ConfigMap", cdiNamespace, CA_BUNDLE_CONFIG_MAP),
                () -> cluster.client().configMaps().inNamespace(cdiNamespace).withName(CA_BUNDLE_CONFIG_MAP).get());
        return Optional.ofNullable(bundle).map(ConfigMap::getData).map(d -> d.get(CA_BUNDLE_KEY)).filter(s -> !s.isBlank());
    }

    /** The CR's {@code spec.workload.tolerations}, as tolerations (unreadable entries are skipped). */
    static List<Toleration> workloadTolerations(GenericKubernetesResource cr) {
        List<Toleration> out = new ArrayList<>();
        for (Map<String, Object> t : workloadTolerationMaps(cr)) {
            String key = (String) t.get("key");
            String operator = (String) t.getOrDefault("operator", "Equal");
            String effect = (String) t.get("effect");
            try {
                out.add("Exists".equals(operator) ? Toleration.exists(key, effect)
                        : Toleration.equal(key, (String) t.get("value"), effect));
            } catch (RuntimeException unreadable) {
                // a toleration this SDK cannot read tolerates nothing it can reason about
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> workloadTolerationMaps(GenericKubernetesResource cr) {
        Object spec = cr.getAdditionalProperties().get("spec");
        if (!(spec instanceof Map)) {
            return List.of();
        }
        Object workload = ((Map<String, Object>) spec).get("workload");
        if (!(workload instanceof Map)) {
            return List.of();
        }
        Object tolerations = ((Map<String, Object>) workload).get("tolerations");
        if (!(tolerations instanceof List)) {
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : (List<Object>) tolerations) {
            if (o instanceof Map) {
                out.add((Map<String, Object>) o);
            }
        }
        return out;
    }
}
