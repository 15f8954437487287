package dev.edgevm.sriov.internal;

import dev.edgevm.core.ConflictException;
import dev.edgevm.core.NotFoundException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.EdgeVmLabels;
import dev.edgevm.kubevirt.model.multus.NetworkAttachmentDefinition;
import dev.edgevm.kubevirt.model.multus.NetworkAttachmentDefinitionSpec;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.sriov.SriovNetwork;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** Creates and checks Multus NetworkAttachmentDefinitions for SR-IOV networks. */
public final class NetworkAttachments {

    static final String RESOURCE_ANNOTATION = "k8s.v1.cni.cncf.io/resourceName";
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private final ClusterAccess cluster;

    NetworkAttachments(ClusterAccess cluster) {
        this.cluster = cluster;
    }

    Optional<NetworkAttachmentDefinition> find(String namespace, String name) {
        return Optional.ofNullable(cluster.call("get", ref(namespace, name), () -> cluster.client()
                .resources(NetworkAttachmentDefinition.class).inNamespace(namespace).withName(name).get()));
    }

    /**
     * The device plugin resources the cluster's NetworkAttachmentDefinitions (in every namespace)
     * take VFs from: which extended resources are SR-IOV VFs. None where Multus' CRD is not installed.
     */
    Set<String> resourceNames() {
        List<NetworkAttachmentDefinition> all;
        try {
            all = cluster.call("list", ObjectRef.of("NetworkAttachmentDefinition", null, null),
                    () -> cluster.client().resources(NetworkAttachmentDefinition.class).inAnyNamespace().list().getItems());
        } catch (NotFoundException noMultus) {
            return Set.of();
        }
        Set<String> names = new TreeSet<>();
        all.forEach(nad -> resourceOf(nad).ifPresent(names::add));
        return names;
    }

    /** The resource name a NetworkAttachmentDefinition requests VFs from, if it says. */
    static Optional<String> resourceOf(NetworkAttachmentDefinition nad) {
        Map<String, String> a = nad.getMetadata().getAnnotations();
        return Optional.ofNullable(a == null ? null : a.get(RESOURCE_ANNOTATION));
    }

    /** Creates it if absent; returns the existing one if it matches, and whether it was created. */
    Ensured ensure(SriovNetwork network, String namespace) {
        Optional<NetworkAttachmentDefinition> existing = find(namespace, network.name());
        if (existing.isPresent()) {
            List<String> differences = differences(network.resource(), OptionalInt.of(network.vlan().orElse(0)), existing.get());
            if (!differences.isEmpty()) {
                ObjectRef ref = ref(namespace, network.name());
                throw new ConflictException(ref + " exists but " + String.join("; ", differences)
                        + "; it is left as it is: fix it or use another network name", "AlreadyExists", ref, null);
            }
            return new Ensured(existing.get(), false);
        }
        return create(network, namespace);
    }

    /** Creates it, absent when last looked for; one created meanwhile by someone else is checked as {@link #ensure} does. */
    Ensured create(SriovNetwork network, String namespace) {
        NetworkAttachmentDefinition nad = render(network, namespace);
        try {
            cluster.run("create", ref(namespace, network.name()),
                    () -> cluster.client().resources(NetworkAttachmentDefinition.class).inNamespace(namespace).resource(nad).create());
            return new Ensured(nad, true);
        } catch (ConflictException raced) {
            return ensure(network, namespace);
        }
    }

    void delete(String namespace, String name) {
        cluster.run("delete", ref(namespace, name),
                () -> cluster.client().resources(NetworkAttachmentDefinition.class).inNamespace(namespace).withName(name).delete());
    }

    /** The definition of {@code network} in {@code namespace} (null: none, left to where it is applied). */
    public static NetworkAttachmentDefinition render(SriovNetwork network, String namespace) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("cniVersion", "0.3.1");
        config.put("name", network.name());
        config.put("type", "sriov");
        network.vlan().ifPresent(v -> config.put("vlan", v));
        // KubeVirt sets the VF's MAC to the VM interface's through this capability; no IPAM: the guest configures itself.
        config.put("capabilities", Map.of("mac", true));
        NetworkAttachmentDefinition nad = new NetworkAttachmentDefinition();
        nad.setMetadata(new ObjectMetaBuilder().withName(network.name()).withNamespace(namespace)
                .addToAnnotations(RESOURCE_ANNOTATION, network.resource())
                .addToLabels(EdgeVmLabels.MANAGED_BY, EdgeVmLabels.MANAGED_BY_VALUE).build());
        nad.setSpec(new NetworkAttachmentDefinitionSpec(JSON.asJson(config)));
        return nad;
    }

    /**
     * How an existing NetworkAttachmentDefinition differs from an SR-IOV network on {@code resource}
     * (a missing resource annotation is a difference even when {@code resource} is null) tagged
     * with {@code vlan} (not compared when empty).
     */
    static List<String> differences(String wantResource, OptionalInt wantVlan, NetworkAttachmentDefinition have) {
        List<String> out = new ArrayList<>();
        String resource = resourceOf(have).orElse(null);
        if (resource == null || !resource.equals(wantResource)) {
            out.add("its " + RESOURCE_ANNOTATION + " is " + (resource == null ? "not set" : "'" + resource + "'")
                    + (wantResource == null ? "" : " instead of '" + wantResource + "'"));
        }
        JsonNode config = config(have);
        String type = config == null ? null : config.path("type").asString(null);
        if (!"sriov".equals(type)) {
            out.add("its CNI type is " + (type == null ? "unknown" : "'" + type + "'") + " instead of 'sriov'");
        }
        int vlan = config == null ? 0 : config.path("vlan").asInt(0);
        if (wantVlan.isPresent() && vlan != wantVlan.getAsInt()) {
            out.add("its VLAN is " + vlan + " instead of " + wantVlan.getAsInt());
        }
        JsonNode ipam = config == null ? null : config.get("ipam");
        if (ipam != null && !ipam.isNull() && !(ipam.isObject() && ipam.isEmpty())) {
            out.add("its CNI config has IPAM (" + ipam.path("type").asString("of no type") + "), which would give the VF an address"
                    + " of its own; the guest configures its address from cloud-init, so an SR-IOV network for VMs has none");
        }
        return out;
    }

    private static JsonNode config(NetworkAttachmentDefinition nad) {
        if (nad.getSpec() == null || nad.getSpec().config() == null) {
            return null;
        }
        try {
            return JSON.unmarshal(nad.getSpec().config(), JsonNode.class);
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private static ObjectRef ref(String namespace, String name) {
        return ObjectRef.of("NetworkAttachmentDefinition", namespace, name);
    }

    record Ensured(NetworkAttachmentDefinition nad, boolean created) {}
}
