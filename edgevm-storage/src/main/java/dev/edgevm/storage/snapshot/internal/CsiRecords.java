package dev.edgevm.storage.snapshot.internal;

import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.Quantity;
import dev.edgevm.kubevirt.model.Condition;
import dev.edgevm.kubevirt.model.snapshot.VirtualMachineSnapshot;
import dev.edgevm.kubevirt.model.snapshot.VirtualMachineSnapshotStatus;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.snapshot.Snapshot;
import dev.edgevm.storage.snapshot.SnapshotDisk;
import dev.edgevm.storage.snapshot.SnapshotKind;
import dev.edgevm.storage.snapshot.SnapshotPhase;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * KubeVirt's VirtualMachineSnapshots read as {@link Snapshot}s: phase and readiness, error and
 * indications from the snapshot, the disks from its VirtualMachineSnapshotContent (one volume
 * backup per claim, each a VolumeSnapshot whose restore size is the disk's size).
 */
final class CsiRecords {

    static final String CONTENT_API = "snapshot.kubevirt.io/v1beta1";
    static final String CONTENT_KIND = "VirtualMachineSnapshotContent";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One volume backup of a content: the disk, its claim as snapshotted, the VolumeSnapshot. */
    record Backup(String disk, String claim, JsonNode claimSpec, String volumeSnapshot) {}

    private final ClusterAccess cluster;

    CsiRecords(ClusterAccess cluster) {
        this.cluster = cluster;
    }

    List<VirtualMachineSnapshot> list(String namespace) {
        return cluster.call("list", ObjectRef.of("VirtualMachineSnapshot", namespace, null), () -> cluster.client()
                .resources(VirtualMachineSnapshot.class).inNamespace(namespace).list().getItems());
    }

    Optional<VirtualMachineSnapshot> get(String namespace, String name) {
        return Optional.ofNullable(cluster.call("get", ObjectRef.of("VirtualMachineSnapshot", namespace, name), () -> cluster.client()
                .resources(VirtualMachineSnapshot.class).inNamespace(namespace).withName(name).get()));
    }

    /** The content of a snapshot as JSON, once KubeVirt made it. */
    Optional<ObjectNode> content(VirtualMachineSnapshot snapshot) {
        String name = snapshot.getStatus() == null ? null : snapshot.getStatus().virtualMachineSnapshotContentName();
        if (name == null) {
            return Optional.empty();
        }
        String namespace = snapshot.getMetadata().getNamespace();
        GenericKubernetesResource content = cluster.call("get", ObjectRef.of(CONTENT_KIND, namespace, name), () -> cluster.client()
                .genericKubernetesResources(CONTENT_API, CONTENT_KIND).inNamespace(namespace).withName(name).get());
        return content == null ? Optional.empty()
                : Optional.of((ObjectNode) JSON.readTree(cluster.client().getKubernetesSerialization().asJson(content)));
    }

    static List<Backup> backups(JsonNode content) {
        List<Backup> backups = new ArrayList<>();
        for (JsonNode backup : content.path("spec").path("volumeBackups")) {
            backups.add(new Backup(backup.path("volumeName").asString(""),
                    backup.path("persistentVolumeClaim").path("metadata").path("name").asString(""),
                    backup.path("persistentVolumeClaim").path("spec"), backup.path("volumeSnapshotName").asString("")));
        }
        return backups;
    }

    /** The VM the content recorded, as a definition {@link VmDefinitions#copy} takes. */
    static String definition(JsonNode content) {
        JsonNode vm = content.path("spec").path("source").path("virtualMachine");
        ObjectNode kept = JSON.createObjectNode();
        kept.put("apiVersion", VmDefinitions.API_VERSION);
        kept.put("kind", VmDefinitions.KIND);
        ObjectNode metadata = kept.putObject("metadata");
        metadata.put("name", vm.path("metadata").path("name").asString(""));
        for (String field : List.of("labels", "annotations")) {
            if (vm.path("metadata").has(field)) {
                metadata.set(field, vm.path("metadata").get(field));
            }
        }
        kept.set("spec", vm.path("spec"));
        return kept.toString();
    }

    Snapshot read(VirtualMachineSnapshot snapshot) {
        VirtualMachineSnapshotStatus status = snapshot.getStatus();
        String namespace = snapshot.getMetadata().getNamespace();
        List<String> indications = status == null || status.indications() == null ? List.of() : status.indications();
        boolean ready = status != null && Boolean.TRUE.equals(status.readyToUse());
        String phase = status == null ? null : status.phase();
        String error = status == null ? null : status.error() != null ? status.error().message() : failure(status);
        List<SnapshotDisk> disks = new ArrayList<>();
        content(snapshot).ifPresent(content -> {
            for (Backup backup : backups(content)) {
                disks.add(SnapshotDisk.builder().disk(backup.disk()).claim(backup.claim()).volume(backup.volumeSnapshot())
                        .size(restoreSize(namespace, backup.volumeSnapshot())).build());
            }
        });
        return Snapshot.builder()
                .namespace(namespace)
                .name(snapshot.getMetadata().getName())
                .vm(snapshot.getSpec() == null || snapshot.getSpec().source() == null ? "" : snapshot.getSpec().source().getName())
                .kind(SnapshotKind.CSI)
                .phase("Failed".equals(phase) ? SnapshotPhase.FAILED : ready ? SnapshotPhase.READY : SnapshotPhase.IN_PROGRESS)
                .creationTime(Optional.ofNullable(status == null ? null : instant(status.creationTime())))
                .crashConsistent(indications.contains("Online"))
                .disks(disks)
                .indications(indications)
                .error(Optional.ofNullable(error))
                .build();
    }

    private static String failure(VirtualMachineSnapshotStatus status) {
        if (status.conditions() == null) {
            return null;
        }
        return status.conditions().stream().filter(c -> "Failure".equals(c.type()) && "True".equals(c.status()))
                .map(c -> c.message() == null || c.message().isEmpty() ? c.reason() : c.message()).findFirst().orElse(null);
    }

    private OptionalLong restoreSize(String namespace, String volumeSnapshot) {
        GenericKubernetesResource found = cluster.call("get", ObjectRef.of("VolumeSnapshot", namespace, volumeSnapshot), () -> cluster
                .client().genericKubernetesResources("snapshot.storage.k8s.io/v1", "VolumeSnapshot").inNamespace(namespace)
                .withName(volumeSnapshot).get());
        Object status = found == null ? null : found.getAdditionalProperties().get("status");
        Object size = status instanceof java.util.Map<?, ?> map ? map.get("restoreSize") : null;
        if (size == null) {
            return OptionalLong.empty();
        }
        return Quantity.tryParse(size.toString()).map(q -> OptionalLong.of(q.bytes())).orElse(OptionalLong.empty());
    }

    private static Instant instant(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
