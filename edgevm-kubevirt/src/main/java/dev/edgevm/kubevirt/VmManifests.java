package dev.edgevm.kubevirt;

import dev.edgevm.core.VmSpec;
import dev.edgevm.kubevirt.internal.render.VmRenderer;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every object deploying a {@link VmSpec} creates, rendered without a cluster: the cloud-init
 * Secret (when the user data holds credentials), a DataVolume per uploaded disk, and the
 * VirtualMachine. For dry runs and GitOps: {@link #toYaml()} is a multi-document stream.
 *
 * <p>Node-local PersistentVolumes for uploaded disks are chosen at deploy time from the volumes
 * free on the node then, so they are not part of the rendering.
 */
public final class VmManifests {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final VmSpec spec;
    private final VmRenderer.Rendered rendered;

    private VmManifests(VmSpec spec, VmRenderer.Rendered rendered) {
        this.spec = spec;
        this.rendered = rendered;
    }

    public static VmManifests of(VmSpec spec) {
        return new VmManifests(spec, VmRenderer.render(spec));
    }

    public VmSpec spec() {
        return spec;
    }

    public VirtualMachine virtualMachine() {
        return rendered.virtualMachine();
    }

    /** The Secret holding user data and network data, present when the user data holds credentials. */
    public Optional<Secret> cloudInitSecret() {
        return Optional.ofNullable(rendered.cloudInitSecret());
    }

    /** The DataVolumes uploaded disks are uploaded into, one per {@code UploadedDisk}. */
    public List<DataVolume> uploadDataVolumes() {
        return rendered.dataVolumes();
    }

    /** All objects in the order deploy creates them: Secret, DataVolumes, VirtualMachine. */
    public List<HasMetadata> all() {
        List<HasMetadata> all = new ArrayList<>();
        cloudInitSecret().ifPresent(all::add);
        all.addAll(uploadDataVolumes());
        all.add(virtualMachine());
        return all;
    }

    /** The objects as a multi-document YAML stream, in creation order. */
    public String toYaml() {
        return all().stream().map(SERIALIZATION::asYaml).map(VmManifests::withoutDocumentMarker)
                .collect(Collectors.joining("---\n", "---\n", ""));
    }

    /** The objects as one JSON {@code List}, as {@code kubectl get -o json} prints several objects. */
    public String toJson() {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        list.put("items", all());
        return SERIALIZATION.asJson(list);
    }

    private static String withoutDocumentMarker(String yaml) {
        return yaml.startsWith("---\n") ? yaml.substring(4) : yaml;
    }
}
