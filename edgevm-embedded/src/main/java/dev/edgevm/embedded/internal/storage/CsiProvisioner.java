package dev.edgevm.embedded.internal.storage;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.api.ObjectEvent;
import dev.edgevm.embedded.internal.api.ObjectKey;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.catalog.SnapshotTypes;
import dev.edgevm.embedded.internal.disk.SparseCopy;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.nodes.NodeRegistry;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.runtime.ControllerLoop;
import dev.edgevm.embedded.internal.runtime.TempFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The external provisioner of the {@code edge-csi} driver: a claim of its class gets a new volume,
 * a directory under {@code /var/lib/edgevm-csi/volumes/} of one node, pre-bound to the claim.
 * A claim whose {@code dataSource} is a VolumeSnapshot (or another claim) starts with a copy of
 * that data on the snapshot's node. Deleted volumes lose their directory.
 */
final class CsiProvisioner {

  static final String VOLUMES_DIR = "/var/lib/edgevm-csi/volumes/";
  static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";
  static final String STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
  static final String BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner";
  private static final Duration WAIT_FOR_SOURCE = Duration.ofMillis(200);

  private final ClusterApi api;
  private final NodeRegistry nodes;
  private final Map<String, Path> deletedVolumes = new ConcurrentHashMap<>();
  private ControllerLoop<ObjectKey> loop;

  CsiProvisioner(ClusterApi api, NodeRegistry nodes) {
    this.api = api;
    this.nodes = nodes;
  }

  void start(ClusterContext context) {
    loop = context.controller("csi-provisioner", this::reconcile);
    context.subscribe(CoreTypes.PERSISTENT_VOLUME_CLAIMS, event -> {
      if (event.type() != ObjectEvent.Type.DELETED) {
        loop.enqueue(event.key());
      }
    });
    context.subscribe(CoreTypes.PERSISTENT_VOLUMES, event -> {
      JsonNode pv = event.latest().view();
      if (event.type() == ObjectEvent.Type.DELETED && ours(pv)) {
        String node = Volumes.node(pv);
        String path = Volumes.nodePath(pv);
        if (node != null && path != null && nodes.contains(node)) {
          deletedVolumes.put(event.name(), nodes.hostPath(node, path));
          loop.enqueue(event.key());
        }
      }
    });
  }

  static boolean ours(JsonNode pv) {
    return StorageClasses.CSI_DRIVER.equals(Json.text(pv, "spec", "csi", "driver"));
  }

  private void reconcile(ObjectKey key) throws IOException {
    if (key.plural().equals(CoreTypes.PERSISTENT_VOLUMES.plural())) {
      Path directory = deletedVolumes.remove(key.name());
      if (directory != null) {
        TempFiles.deleteTree(directory);
      }
      return;
    }
    ObjectNode claim = api.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, key.namespace(), key.name()).orElse(null);
    if (claim == null || Json.deleting(claim) || !Json.textOr(claim, "", "spec", "volumeName").isEmpty()) {
      return;
    }
    JsonNode storageClass = api.get(CoreTypes.STORAGE_CLASSES, null, Volumes.storageClass(claim)).orElse(null);
    if (storageClass == null || !StorageClasses.CSI_DRIVER.equals(Json.text(storageClass, "provisioner"))) {
      return;
    }
    String volumeName = "pvc-" + Json.uid(claim);
    boolean handled = api.get(CoreTypes.PERSISTENT_VOLUMES, null, volumeName).isPresent()
        || !api.list(CoreTypes.PERSISTENT_VOLUMES, null, pv -> Volumes.claimRefNames(pv, claim)).isEmpty();
    if (handled) {
      return;
    }
    Optional<Source> source = source(claim);
    if (source == null) {
      loop.enqueueAfter(key, WAIT_FOR_SOURCE);
      return;
    }
    if (StorageClasses.waitForFirstConsumer(storageClass) && source.isEmpty()
        && Json.annotations(claim).get(PersistentVolumeBinder.SELECTED_NODE) == null) {
      return;
    }
    String node = source.map(Source::node).orElseGet(() -> chooseNode(claim));
    String nodePath = VOLUMES_DIR + volumeName;
    Path directory = nodes.hostPath(node, nodePath);
    Files.createDirectories(directory);
    if (source.isPresent()) {
      SparseCopy.copyTree(source.get().directory(), directory);
    }
    api.update(CoreTypes.PERSISTENT_VOLUME_CLAIMS, key.namespace(), key.name(), current -> {
      ObjectNode annotations = Json.with(current, "metadata", "annotations");
      annotations.put(STORAGE_PROVISIONER, StorageClasses.CSI_DRIVER);
      annotations.put(BETA_STORAGE_PROVISIONER, StorageClasses.CSI_DRIVER);
      return current;
    });
    api.create(CoreTypes.PERSISTENT_VOLUMES, volume(volumeName, claim, storageClass, node, nodePath));
  }

  /** Where a claim's initial data comes from; empty for none, null while the source is not ready. */
  private record Source(String node, Path directory) {
  }

  private Optional<Source> source(JsonNode claim) {
    JsonNode dataSource = Json.at(claim, "spec", "dataSourceRef");
    if (dataSource.isMissingNode() || dataSource.isNull()) {
      dataSource = Json.at(claim, "spec", "dataSource");
    }
    String kind = Json.text(dataSource, "kind");
    String name = Json.text(dataSource, "name");
    if (kind == null || name == null) {
      return Optional.empty();
    }
    if ("VolumeSnapshot".equals(kind)) {
      return api.get(SnapshotTypes.VOLUME_SNAPSHOTS, Json.namespace(claim), name)
          .filter(vs -> Json.bool(vs, false, "status", "readyToUse"))
          .flatMap(vs -> api.get(SnapshotTypes.VOLUME_SNAPSHOT_CONTENTS, null,
              Json.text(vs, "status", "boundVolumeSnapshotContentName")))
          .map(content -> {
            String node = Json.annotations(content).get(CsiSnapshotter.NODE_ANNOTATION);
            String path = Json.annotations(content).get(CsiSnapshotter.PATH_ANNOTATION);
            return node == null || path == null ? null : Optional.of(new Source(node, nodes.hostPath(node, path)));
          })
          .orElse(null);
    }
    if ("PersistentVolumeClaim".equals(kind)) {
      return api.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, Json.namespace(claim), name)
          .filter(pvc -> "Bound".equals(Json.text(pvc, "status", "phase")))
          .flatMap(pvc -> api.get(CoreTypes.PERSISTENT_VOLUMES, null, Json.text(pvc, "spec", "volumeName")))
          .map(pv -> {
            String node = Volumes.node(pv);
            String path = Volumes.nodePath(pv);
            return node == null || path == null ? null : Optional.of(new Source(node, nodes.hostPath(node, path)));
          })
          .orElse(null);
    }
    return Optional.empty();
  }

  /** The scheduler's choice when there is one, else the node with the fewest volumes of this driver. */
  private String chooseNode(JsonNode claim) {
    String selected = Json.annotations(claim).get(PersistentVolumeBinder.SELECTED_NODE);
    if (selected != null && nodes.contains(selected)) {
      return selected;
    }
    Map<String, Long> counts = new java.util.HashMap<>();
    for (ObjectNode pv : api.list(CoreTypes.PERSISTENT_VOLUMES, null, CsiProvisioner::ours)) {
      counts.merge(String.valueOf(Volumes.node(pv)), 1L, Long::sum);
    }
    return nodes.names().stream()
        .min(Comparator.comparingLong((String node) -> counts.getOrDefault(node, 0L))
            .thenComparingInt(nodes::index))
        .orElseThrow();
  }

  private static ObjectNode volume(String name, JsonNode claim, JsonNode storageClass, String node, String path) {
    ObjectNode pv = Json.object();
    pv.put("apiVersion", "v1");
    pv.put("kind", "PersistentVolume");
    ObjectNode metadata = pv.putObject("metadata");
    metadata.put("name", name);
    metadata.putObject("annotations").put(PROVISIONED_BY, StorageClasses.CSI_DRIVER);
    ObjectNode spec = pv.putObject("spec");
    spec.set("accessModes", Json.at(claim, "spec", "accessModes").deepCopy());
    spec.putObject("capacity").put("storage", Json.text(claim, "spec", "resources", "requests", "storage"));
    ObjectNode ref = spec.putObject("claimRef");
    ref.put("apiVersion", "v1");
    ref.put("kind", "PersistentVolumeClaim");
    ref.put("namespace", Json.namespace(claim));
    ref.put("name", Json.name(claim));
    ref.put("uid", Json.uid(claim));
    ref.put("resourceVersion", Json.text(claim, "metadata", "resourceVersion"));
    ObjectNode csi = spec.putObject("csi");
    csi.put("driver", StorageClasses.CSI_DRIVER);
    csi.put("volumeHandle", name);
    csi.put("fsType", "ext4");
    ObjectNode attributes = csi.putObject("volumeAttributes");
    attributes.put(Volumes.CSI_PATH_ATTRIBUTE, path);
    attributes.put("node", node);
    ObjectNode expression = spec.putObject("nodeAffinity").putObject("required").putArray("nodeSelectorTerms")
        .addObject().putArray("matchExpressions").addObject();
    expression.put("key", Volumes.HOSTNAME_LABEL);
    expression.put("operator", "In");
    expression.putArray("values").add(node);
    spec.put("persistentVolumeReclaimPolicy", Json.textOr(storageClass, "Delete", "reclaimPolicy"));
    spec.put("storageClassName", Json.name(storageClass));
    spec.put("volumeMode", Volumes.volumeMode(claim));
    return pv;
  }
}
