package dev.edgevm.storage.cdi.internal;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.Toleration;
import dev.edgevm.kubevirt.model.cdi.CDIConfig;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.cdi.Cdi;
import dev.edgevm.storage.cdi.NodeTaint;
import dev.edgevm.storage.image.FilesystemOverhead;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Cdi} on the cluster's CDIConfig and CDI CR. */
public final class DefaultCdi implements Cdi {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultCdi.class);
    private static final List<String> BLOCKING_EFFECTS = List.of("NoSchedule", "NoExecute");

    private final ClusterAccess cluster;
    private final CdiResources resources;

    public DefaultCdi(ClusterAccess cluster) {
        this.cluster = cluster;
        this.resources = new CdiResources(cluster);
    }

    public CdiResources resources() {
        return resources;
    }

    @Override
    public boolean installed() {
        return resources.config().isPresent();
    }

    @Override
    public Optional<String> uploadProxyUrl() {
        return resources.config().map(CDIConfig::getStatus).map(s -> s.uploadProxyURL()).filter(u -> !u.isBlank());
    }

    @Override
    public FilesystemOverhead filesystemOverhead(String storageClass) {
        return overhead(resources.config().orElse(null), storageClass);
    }

    /** CDI's rule: the class's value, else the global one, else its default of 0.06; {@code config} may be null. */
    public static FilesystemOverhead overhead(CDIConfig config, String storageClass) {
        var overhead = config == null || config.getStatus() == null ? null : config.getStatus().filesystemOverhead();
        if (overhead == null) {
            return FilesystemOverhead.cdiDefault();
        }
        String value = overhead.storageClass() == null || storageClass == null ? null : overhead.storageClass().get(storageClass);
        if (value == null) {
            value = overhead.global();
        }
        return value == null ? FilesystemOverhead.cdiDefault() : FilesystemOverhead.parse(value);
    }

    @Override
    public List<NodeTaint> untoleratedTaints() {
        Optional<GenericKubernetesResource> cr = resources.cr();
        List<Toleration> tolerations = cr.map(CdiResources::workloadTolerations).orElse(List.of());
        WorkloadPlacement placement = cr.map(c -> WorkloadPlacement.of(c, cluster.client().getKubernetesSerialization()))
                .orElse(WorkloadPlacement.ANYWHERE);
        List<Node> nodes = cluster.call("list", ObjectRef.clusterScoped("Node", null), () -> cluster.client().nodes().list().getItems());
        List<NodeTaint> out = new ArrayList<>();
        for (Node node : nodes) {
            // A cordoned node takes no new disks; a node CDI's placement leaves out is not where its pods go anyway.
            if (cordoned(node) || placement.excludes(node).isPresent()) {
                continue;
            }
            untolerated(node, tolerations).stream().filter(t -> !t.kubernetesManaged()).forEach(out::add);
        }
        return out;
    }

    /** Whether the node is cordoned ({@code spec.unschedulable}): the scheduler places no new pod there. */
    public static boolean cordoned(Node node) {
        return node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    }

    /** The fix for taints CDI's pods do not tolerate: the {@code tolerate} calls, or another node. */
    public static String toleranceFix(List<NodeTaint> taints) {
        String calls = taints.stream().map(NodeTaint::anyNode).distinct()
                .map(t -> "EdgeStorage.of(edge).cdi().tolerate(NodeTaint.of(\"" + t.key() + "\", "
                        + t.value().map(v -> "\"" + v + "\", ").orElse("") + "\"" + t.effect() + "\"))")
                .collect(Collectors.joining(" and "));
        return "let CDI's pods tolerate the taint with " + calls + " (it adds the toleration to the CDI CR's"
                + " spec.workload.tolerations), then run the upload or deploy again; or use a node without the taint";
    }

    /** The node's NoSchedule and NoExecute taints none of {@code tolerations} tolerates. */
    public static List<NodeTaint> untolerated(Node node, List<Toleration> tolerations) {
        List<NodeTaint> out = new ArrayList<>();
        if (node.getSpec() == null || node.getSpec().getTaints() == null) {
            return out;
        }
        for (Taint taint : node.getSpec().getTaints()) {
            if (!BLOCKING_EFFECTS.contains(taint.getEffect())) {
                continue;
            }
            boolean tolerated = tolerations.stream().anyMatch(t -> t.tolerates(taint.getKey(), taint.getValue(), taint.getEffect()));
            if (!tolerated) {
                out.add(NodeTaint.on(node.getMetadata().getName(), taint.getKey(), taint.getValue(), taint.getEffect()));
            }
        }
        return out;
    }

    /** CDI's workload tolerations now. */
    public List<Toleration> workloadTolerations() {
        return resources.cr().map(CdiResources::workloadTolerations).orElse(List.of());
    }

    @Override
    public boolean tolerate(NodeTaint taint) {
        Toleration wanted = taint.toleration();
        return cluster.onConflict(() -> {
            GenericKubernetesResource cr = resources.cr().orElseThrow(() -> new EdgeVmException(
                    "there is no CDI CR (cdis.cdi.kubevirt.io) in the cluster: CDI was not installed by its operator,"
                            + " so its workload placement cannot be changed here; add the toleration where CDI is configured"));
            if (CdiResources.workloadTolerations(cr).stream().anyMatch(t -> t.tolerates(taint.key(), taint.value().orElse(null), taint.effect()))) {
                return false;
            }
            addToleration(cr, wanted);
            ObjectRef ref = ObjectRef.clusterScoped("CDI", cr.getMetadata().getName());
            // The update carries the resourceVersion read above: a concurrent change makes it fail with 409, and it is read again.
            cluster.run("update", ref, () -> cluster.client().genericKubernetesResources(CdiResources.CDI_CR).resource(cr).update());
            LOG.info("CDI's workload pods now tolerate {}", wanted);
            return true;
        });
    }

    @SuppressWarnings("unchecked")
    private static void addToleration(GenericKubernetesResource cr, Toleration toleration) {
        Map<String, Object> spec = (Map<String, Object>) cr.getAdditionalProperties()
                .computeIfAbsent("spec", k -> new LinkedHashMap<String, Object>());
        Map<String, Object> workload = (Map<String, Object>) spec.computeIfAbsent("workload", k -> new LinkedHashMap<String, Object>());
        Object existing = workload.get("tolerations");
        List<Object> tolerations = existing instanceof List ? new ArrayList<>((List<Object>) existing) : new ArrayList<>();
        Map<String, Object> entry = new LinkedHashMap<>();
        toleration.key().ifPresent(k -> entry.put("key", k));
        entry.put("operator", toleration.operator());
        toleration.value().ifPresent(v -> entry.put("value", v));
        toleration.effect().ifPresent(e -> entry.put("effect", e));
        tolerations.add(entry);
        workload.put("tolerations", tolerations);
    }
}
