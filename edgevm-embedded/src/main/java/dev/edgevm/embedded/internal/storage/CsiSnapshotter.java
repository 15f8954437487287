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
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The snapshot controller and the {@code edge-csi} driver's snapshotter together: a VolumeSnapshot
 * of a claim on an {@code edge-csi} volume copies the volume's directory to a snapshot directory
 * on the same node and gets a bound VolumeSnapshotContent; deleting the snapshot deletes its
 * content (policy Delete) and its data. Snapshots of other volumes fail with an error in status.
 * A VolumeSnapshotClass with the parameter {@value #FAIL_PARAMETER} makes the driver refuse every
 * snapshot with that description: the snapshot gets the sidecar's error and is tried again every
 * few seconds, so it is taken once the parameter goes.
 */
final class CsiSnapshotter {

  static final String NODE_ANNOTATION = "csi.edgevm.dev/node";
  static final String PATH_ANNOTATION = "csi.edgevm.dev/path";
  static final String SNAPSHOTS_DIR = "/var/lib/edgevm-csi/snapshots/";
  /** A parameter of the driver's VolumeSnapshotClasses: CreateSnapshot fails with this description. */
  public static final String FAIL_PARAMETER = "csi.edgevm.dev/fail-with";
  private static final java.time.Duration DRIVER_RETRY = java.time.Duration.ofSeconds(5);

  private final ClusterApi api;
  private final NodeRegistry nodes;
  private final Map<String, Path> deletedContents = new ConcurrentHashMap<>();
  private ControllerLoop<ObjectKey> loop;

  CsiSnapshotter(ClusterApi api, NodeRegistry nodes) {
    this.api = api;
    this.nodes = nodes;
  }

  void start(ClusterContext context) {
    loop = context.controller("csi-snapshotter", this::reconcile);
    context.subscribe(SnapshotTypes.VOLUME_SNAPSHOTS, event -> loop.enqueue(event.key()));
    context.subscribe(SnapshotTypes.VOLUME_SNAPSHOT_CONTENTS, event -> {
      if (event.type() == ObjectEvent.Type.DELETED) {
        Map<String, String> annotations = Json.annotations(event.latest().view());
        String node = annotations.get(NODE_ANNOTATION);
        String path = annotations.get(PATH_ANNOTATION);
        if (node != null && path != null && nodes.contains(node)) {
          deletedContents.put(event.name(), nodes.hostPath(node, path));
          loop.enqueue(event.key());
        }
      }
    });
  }

  private void reconcile(ObjectKey key) throws IOException {
    if (key.plural().equals(SnapshotTypes.VOLUME_SNAPSHOT_CONTENTS.plural())) {
      Path directory = deletedContents.remove(key.name());
      if (directory != null) {
        TempFiles.deleteTree(directory);
      }
      return;
    }
    Optional<ObjectNode> found = api.get(SnapshotTypes.VOLUME_SNAPSHOTS, key.namespace(), key.name());
    if (found.isEmpty()) {
      deleteContentsOf(key);
      return;
    }
    ObjectNode snapshot = found.get();
    if (Json.bool(snapshot, false, "status", "readyToUse") || Json.deleting(snapshot)) {
      return;
    }
    String claimName = Json.text(snapshot, "spec", "source", "persistentVolumeClaimName");
    if (claimName == null) {
      return;
    }
    ObjectNode snapshotClass = snapshotClass(snapshot);
    if (snapshotClass == null) {
      fail(snapshot, "Failed to get snapshot class with error volumesnapshotclass.snapshot.storage.k8s.io \""
          + Json.textOr(snapshot, "", "spec", "volumeSnapshotClassName") + "\" not found");
      return;
    }
    ObjectNode claim = api.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, key.namespace(), claimName).orElse(null);
    if (claim == null) {
      fail(snapshot, "Failed to create snapshot content with error snapshot controller failed to update "
          + Json.name(snapshot) + " on API server: cannot get claim from snapshot");
      return;
    }
    ObjectNode pv = "Bound".equals(Json.text(claim, "status", "phase"))
        ? api.get(CoreTypes.PERSISTENT_VOLUMES, null, Json.text(claim, "spec", "volumeName")).orElse(null) : null;
    if (pv == null) {
      fail(snapshot, "the PVC " + claimName + " is not yet bound to a PV, will not attempt to take a snapshot");
      return;
    }
    if (!CsiProvisioner.ours(pv)) {
      fail(snapshot, "Failed to create snapshot: volume " + Json.name(pv)
          + " is not provisioned by driver " + Json.text(snapshotClass, "driver"));
      return;
    }
    String refusal = Json.text(snapshotClass, "parameters", FAIL_PARAMETER);
    if (refusal != null) {
      fail(snapshot, "Failed to check and update snapshot content: failed to take snapshot of the volume "
          + Json.text(pv, "spec", "csi", "volumeHandle") + ": \"rpc error: code = Internal desc = " + refusal + "\"");
      loop.enqueueAfter(key, DRIVER_RETRY);
      return;
    }
    takeSnapshot(snapshot, snapshotClass, pv);
  }

  private ObjectNode snapshotClass(JsonNode snapshot) {
    String name = Json.text(snapshot, "spec", "volumeSnapshotClassName");
    if (name != null) {
      return api.get(SnapshotTypes.VOLUME_SNAPSHOT_CLASSES, null, name).orElse(null);
    }
    return api.list(SnapshotTypes.VOLUME_SNAPSHOT_CLASSES, null, vsc ->
        "true".equals(Json.annotations(vsc).get("snapshot.storage.kubernetes.io/is-default-class")))
        .stream().findFirst().orElse(null);
  }

  private void takeSnapshot(ObjectNode snapshot, JsonNode snapshotClass, JsonNode pv) throws IOException {
    String contentName = "snapcontent-" + Json.uid(snapshot);
    String handle = "snapshot-" + Json.uid(snapshot);
    String node = Volumes.node(pv);
    String path = SNAPSHOTS_DIR + handle;
    long size = Volumes.capacity(pv);
    Instant now = Instant.now();
    if (api.get(SnapshotTypes.VOLUME_SNAPSHOT_CONTENTS, null, contentName).isEmpty()) {
      SparseCopy.copyTree(nodes.hostPath(node, Volumes.nodePath(pv)), nodes.hostPath(node, path));
      ObjectNode content = Json.object();
      content.put("apiVersion", "snapshot.storage.k8s.io/v1");
      content.put("kind", "VolumeSnapshotContent");
      ObjectNode metadata = content.putObject("metadata");
      metadata.put("name", contentName);
      ObjectNode annotations = metadata.putObject("annotations");
      annotations.put(NODE_ANNOTATION, node);
      annotations.put(PATH_ANNOTATION, path);
      ObjectNode spec = content.putObject("spec");
      spec.put("deletionPolicy", Json.textOr(snapshotClass, "Delete", "deletionPolicy"));
      spec.put("driver", StorageClasses.CSI_DRIVER);
      spec.putObject("source").put("volumeHandle", Json.text(pv, "spec", "csi", "volumeHandle"));
      spec.put("sourceVolumeMode", Volumes.volumeMode(pv));
      spec.put("volumeSnapshotClassName", Json.name(snapshotClass));
      ObjectNode ref = spec.putObject("volumeSnapshotRef");
      ref.put("apiVersion", "snapshot.storage.k8s.io/v1");
      ref.put("kind", "VolumeSnapshot");
      ref.put("name", Json.name(snapshot));
      ref.put("namespace", Json.namespace(snapshot));
      ref.put("uid", Json.uid(snapshot));
      ObjectNode status = content.putObject("status");
      status.put("creationTime", now.getEpochSecond() * 1_000_000_000L + now.getNano());
      status.put("readyToUse", true);
      status.put("restoreSize", size);
      status.put("snapshotHandle", handle);
      api.createWithStatus(SnapshotTypes.VOLUME_SNAPSHOT_CONTENTS, content);
    }
    String capacity = Json.text(pv, "spec", "capacity", "storage");
    api.updateStatus(SnapshotTypes.VOLUME_SNAPSHOTS, Json.namespace(snapshot), Json.name(snapshot), current -> {
      ObjectNode status = Json.with(current, "status");
      status.put("boundVolumeSnapshotContentName", contentName);
      status.put("creationTime", Json.timestamp(now));
      status.put("readyToUse", true);
      status.put("restoreSize", capacity);
      status.remove("error");
      return current;
    });
  }

  private void fail(JsonNode snapshot, String message) {
    api.updateStatus(SnapshotTypes.VOLUME_SNAPSHOTS, Json.namespace(snapshot), Json.name(snapshot), current -> {
      ObjectNode status = Json.with(current, "status");
      if (message.equals(Json.text(status, "error", "message"))) {
        return null;
      }
      status.put("readyToUse", false);
      ObjectNode error = status.putObject("error");
      error.put("message", message);
      error.put("time", Json.now());
      return current;
    });
  }

  /** A deleted snapshot takes its content with it when the content's policy is Delete. */
  private void deleteContentsOf(ObjectKey snapshot) {
    for (ObjectNode content : api.list(SnapshotTypes.VOLUME_SNAPSHOT_CONTENTS, null, vsc ->
        snapshot.name().equals(Json.text(vsc, "spec", "volumeSnapshotRef", "name"))
            && snapshot.namespace().equals(Json.text(vsc, "spec", "volumeSnapshotRef", "namespace")))) {
      if ("Delete".equals(Json.text(content, "spec", "deletionPolicy"))) {
        api.delete(SnapshotTypes.VOLUME_SNAPSHOT_CONTENTS, null, Json.name(content));
      }
    }
  }
}
