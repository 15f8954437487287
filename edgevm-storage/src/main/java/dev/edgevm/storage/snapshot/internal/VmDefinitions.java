package dev.edgevm.storage.snapshot.internal;

import dev.edgevm.core.NotFoundException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.EdgeVmLabels;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.snapshot.SnapshotLabels;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A VM's definition kept with a snapshot, and the copy of it a restore under a new name creates.
 * The VM is read and written as plain JSON, so fields the SDK's model does not know survive.
 */
final class VmDefinitions {

    static final String API_VERSION = "kubevirt.io/v1";
    static final String KIND = "VirtualMachine";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ClusterAccess cluster;

    VmDefinitions(ClusterAccess cluster) {
        this.cluster = cluster;
    }

    /** The VM's name, labels, annotations and spec as JSON: what a copy needs, without status or server fields. */
    String record(String namespace, String name) {
        ObjectRef ref = ObjectRef.of(KIND, namespace, name);
        GenericKubernetesResource vm = cluster.call("get", ref, () -> cluster.client().genericKubernetesResources(API_VERSION, KIND)
                .inNamespace(namespace).withName(name).get());
        if (vm == null) {
            throw new NotFoundException("VM " + namespace + "/" + name + " does not exist", ref, null);
        }
        ObjectNode full = (ObjectNode) JSON.readTree(cluster.client().getKubernetesSerialization().asJson(vm));
        ObjectNode kept = JSON.createObjectNode();
        kept.put("apiVersion", API_VERSION);
        kept.put("kind", KIND);
        ObjectNode metadata = kept.putObject("metadata");
        metadata.put("name", name);
        for (String field : List.of("labels", "annotations")) {
            if (full.path("metadata").has(field)) {
                metadata.set(field, full.path("metadata").get(field));
            }
        }
        kept.set("spec", full.path("spec"));
        return kept.toString();
    }

    /** The claim volumes (and DataVolumes) of a recorded definition, by volume name. */
    static Map<String, String> claimsOf(String definition) {
        Map<String, String> claims = new java.util.LinkedHashMap<>();
        for (JsonNode volume : JSON.readTree(definition).path("spec").path("template").path("spec").path("volumes")) {
            String claim = volume.path("dataVolume").path("name").asString(null);
            if (claim == null) {
                claim = volume.path("persistentVolumeClaim").path("claimName").asString(null);
            }
            if (claim != null) {
                claims.put(volume.path("name").asString(""), claim);
            }
        }
        return claims;
    }

    /** The Secrets the definition's cloud-init volumes read. */
    static Set<String> secretsOf(String definition) {
        Set<String> secrets = new LinkedHashSet<>();
        for (JsonNode volume : JSON.readTree(definition).path("spec").path("template").path("spec").path("volumes")) {
            for (String source : List.of("cloudInitNoCloud", "cloudInitConfigDrive")) {
                for (String ref : List.of("secretRef", "networkDataSecretRef")) {
                    String secret = volume.path(source).path(ref).path("name").asString(null);
                    if (secret != null) {
                        secrets.add(secret);
                    }
                }
            }
        }
        return secrets;
    }

    /**
     * The definition as a new VM {@code newVm}: the disks named in {@code claims} on those claims
     * (as claim volumes; their DataVolume templates dropped), Secrets renamed as {@code secrets}
     * says, the instance label naming the new VM, no spec digest (it was not deployed from a spec),
     * and the snapshot it came from.
     */
    static GenericKubernetesResource copy(String definition, String namespace, String newVm, Map<String, String> claims,
                                          Map<String, String> secrets, String snapshot, ClusterAccess cluster) {
        ObjectNode vm = (ObjectNode) JSON.readTree(definition);
        ObjectNode metadata = (ObjectNode) vm.path("metadata");
        metadata.put("name", newVm);
        metadata.put("namespace", namespace);
        ObjectNode labels = metadata.has("labels") ? (ObjectNode) metadata.get("labels") : metadata.putObject("labels");
        labels.put(EdgeVmLabels.MANAGED_BY, EdgeVmLabels.MANAGED_BY_VALUE);
        ObjectNode annotations = metadata.has("annotations") ? (ObjectNode) metadata.get("annotations") : metadata.putObject("annotations");
        annotations.remove(EdgeVmLabels.SPEC_HASH);
        annotations.remove("kubevirt.io/latest-observed-api-version");
        annotations.remove("kubevirt.io/storage-observed-api-version");
        annotations.put(SnapshotLabels.RESTORED_FROM, snapshot);
        ObjectNode spec = (ObjectNode) vm.path("spec");
        JsonNode templateLabels = spec.path("template").path("metadata").path("labels");
        if (templateLabels.has(EdgeVmLabels.TEMPLATE_VM)) {
            ((ObjectNode) templateLabels).put(EdgeVmLabels.TEMPLATE_VM, newVm);
        }
        List<String> replacedDataVolumes = new ArrayList<>();
        for (JsonNode volume : spec.path("template").path("spec").path("volumes")) {
            ObjectNode v = (ObjectNode) volume;
            String claim = claims.get(v.path("name").asString(""));
            if (claim != null) {
                if (v.has("dataVolume")) {
                    replacedDataVolumes.add(v.path("dataVolume").path("name").asString(""));
                }
                v.remove("dataVolume");
                v.remove("persistentVolumeClaim");
                v.putObject("persistentVolumeClaim").put("claimName", claim);
            }
            for (String source : List.of("cloudInitNoCloud", "cloudInitConfigDrive")) {
                for (String ref : List.of("secretRef", "networkDataSecretRef")) {
                    JsonNode secret = v.path(source).path(ref);
                    if (secret.isObject() && secrets.containsKey(secret.path("name").asString(""))) {
                        ((ObjectNode) secret).put("name", secrets.get(secret.path("name").asString("")));
                    }
                }
            }
        }
        if (spec.has("dataVolumeTemplates")) {
            ArrayNode kept = JSON.createArrayNode();
            for (JsonNode template : spec.path("dataVolumeTemplates")) {
                if (!replacedDataVolumes.contains(template.path("metadata").path("name").asString(""))) {
                    kept.add(template);
                }
            }
            if (kept.isEmpty()) {
                spec.remove("dataVolumeTemplates");
            } else {
                spec.set("dataVolumeTemplates", kept);
            }
        }
        return cluster.client().getKubernetesSerialization().unmarshal(vm.toString(), GenericKubernetesResource.class);
    }
}
