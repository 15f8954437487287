package dev.edgevm.embedded.internal.snapshot;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.api.ObjectEvent;
import dev.edgevm.embedded.internal.catalog.KubeVirtTypes;
import dev.edgevm.embedded.internal.catalog.SnapshotTypes;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.runtime.ControllerLoop;
import dev.edgevm.embedded.internal.runtime.ObjectRef;
import dev.edgevm.embedded.internal.storage.Finalizers;
import io.fabric8.kubernetes.api.model.Duration;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * KubeVirt's VirtualMachineSnapshot controller for VMs on CSI storage: locks the VM
 * ({@code status.snapshotInProgress}), makes the content and its VolumeSnapshots, and reports
 * phase (InProgress, Succeeded, Failed after {@code failureDeadline}), readyToUse, creationTime,
 * error, conditions, included and excluded volumes and indications. Volumes on storage without a
 * VolumeSnapshotClass are left out, as KubeVirt does; the VM's volumeSnapshotStatuses say why.
 * Deleting the snapshot deletes its content under the default deletionPolicy Delete.
 */
final class VmSnapshotController {

  static final String FINALIZER = "snapshot.kubevirt.io/vmsnapshot-protection";
  private static final java.time.Duration DEFAULT_DEADLINE = java.time.Duration.ofMinutes(5);
  private static final Map<String, String> INDICATION_MESSAGES = Map.of(
      "Online", "Snapshot taken while the VM was running. Consistency depends on guest-agent quiescing.",
      "NoGuestAgent", "Guest agent was not available. Snapshot is crash-consistent and may not be "
          + "application-consistent.",
      "Partial", "Not all snapshotable volumes were included in the snapshot. Check status.snapshotVolumes for "
          + "excluded volumes and VM VolumeSnapshotStatus for details.");

  private final ClusterApi api;
  private final SnapshotContents contents;
  private final Map<String, ObjectRef> snapshotOfContent = new ConcurrentHashMap<>();
  private ControllerLoop<ObjectRef> loop;

  VmSnapshotController(ClusterApi api) {
    this.api = api;
    this.contents = new SnapshotContents(api);
  }

  void start(ClusterContext context) {
    loop = context.controller("vmsnapshot-controller", this::reconcile);
    context.subscribe(SnapshotTypes.VM_SNAPSHOTS, event -> loop.enqueue(new ObjectRef(event.namespace(), event.name())));
    context.subscribe(SnapshotTypes.VOLUME_SNAPSHOTS, event -> Json.items(event.latest().view(), "metadata",
            "ownerReferences").stream()
        .map(owner -> snapshotOfContent.get(event.namespace() + "/" + Json.text(owner, "name")))
        .filter(ref -> ref != null).forEach(loop::enqueue));
    context.subscribe(KubeVirtTypes.VIRTUAL_MACHINES, event -> {
      if (event.type() != ObjectEvent.Type.ADDED) {
        return;
      }
      snapshotOfContent.values().stream().filter(ref -> ref.namespace().equals(event.namespace()))
          .forEach(loop::enqueue);
    });
  }

  private void reconcile(ObjectRef ref) {
    ObjectNode snapshot = api.get(SnapshotTypes.VM_SNAPSHOTS, ref.namespace(), ref.name()).orElse(null);
    if (snapshot == null) {
      return;
    }
    String contentName = SnapshotContents.contentName(snapshot);
    snapshotOfContent.put(ref.namespace() + "/" + contentName, ref);
    String vmName = Json.text(snapshot, "spec", "source", "name");
    if (Json.deleting(snapshot)) {
      delete(ref, snapshot, contentName, vmName);
      return;
    }
    if (!Finalizers.has(snapshot, FINALIZER)) {
      api.update(SnapshotTypes.VM_SNAPSHOTS, ref.namespace(), ref.name(), current -> {
        Json.withArray(current, "metadata", "finalizers").add(FINALIZER);
        return current;
      });
      return;
    }
    String phase = Json.text(snapshot, "status", "phase");
    boolean progressing = !"Succeeded".equals(phase) && !"Failed".equals(phase);
    Optional<ObjectNode> vm = api.get(KubeVirtTypes.VIRTUAL_MACHINES, ref.namespace(), vmName);
    Optional<ObjectNode> content = api.get(SnapshotTypes.VM_SNAPSHOT_CONTENTS, ref.namespace(), contentName);
    String lockMessage = "Source not locked";
    if (vm.isPresent() && progressing && !deadlinePassed(snapshot)) {
      String holder = Json.text(vm.get(), "status", "snapshotInProgress");
      if (holder == null || holder.equals(ref.name())) {
        lock(ref.namespace(), vmName, ref.name());
        lockMessage = "Source locked and operation in progress";
        if (content.isEmpty()) {
          content = Optional.of(contents.create(snapshot, vm.get()));
        }
      } else {
        lockMessage += " snapshot \"" + holder + "\" in progress";
        loop.enqueueAfter(ref, java.time.Duration.ofSeconds(1));
      }
    }
    if (content.isPresent() && !Json.deleting(content.get())) {
      content = Optional.of(contents.sync(content.get()));
    }
    ObjectNode updated = updateStatus(ref, vm.orElse(null), content.orElse(null), lockMessage);
    String newPhase = Json.text(updated, "status", "phase");
    if ("Failed".equals(newPhase) && content.isPresent() && !Json.deleting(content.get())
        && shouldDeleteContent(snapshot, content.get())) {
      // a snapshot past its deadline keeps no content that is not ready (nor any, under Delete)
      api.delete(SnapshotTypes.VM_SNAPSHOT_CONTENTS, ref.namespace(), contentName);
    }
    if (vm.isPresent() && ("Succeeded".equals(newPhase) || "Failed".equals(newPhase))) {
      unlock(ref.namespace(), vmName, ref.name());
    } else if (!"Succeeded".equals(newPhase)) {
      loop.enqueueAfter(ref, java.time.Duration.ofSeconds(2));
    }
  }

  private ObjectNode updateStatus(ObjectRef ref, JsonNode vm, JsonNode content, String lockMessage) {
    boolean running = vm != null && api.get(KubeVirtTypes.VIRTUAL_MACHINE_INSTANCES, ref.namespace(), Json.name(vm))
        .map(vmi -> "Running".equals(Json.text(vmi, "status", "phase"))).orElse(false);
    return api.updateStatus(SnapshotTypes.VM_SNAPSHOTS, ref.namespace(), ref.name(), current -> {
      ObjectNode status = Json.with(current, "status");
      if (!status.has("readyToUse")) {
        status.put("readyToUse", false);
      }
      if (vm != null) {
        status.put("sourceUID", Json.uid(vm));
      }
      if (content != null && Json.at(content, "status").isObject()) {
        status.put("virtualMachineSnapshotContentName", Json.name(content));
        copy(content, status, "creationTime");
        status.put("readyToUse", Json.bool(content, false, "status", "readyToUse"));
        if (Json.at(content, "status", "error").isObject()) {
          status.set("error", Json.at(content, "status", "error").deepCopy());
        } else {
          status.remove("error");
        }
      }
      String phase = Json.text(status, "phase");
      if ("Failed".equals(phase) || ("Succeeded".equals(phase) == false && deadlinePassed(current))) {
        status.put("phase", "Failed");
        SnapshotConditions.set(status, SnapshotConditions.FAILURE, true, "snapshot deadline exceeded");
        SnapshotConditions.set(status, SnapshotConditions.PROGRESSING, false, "Operation failed");
      } else if ("Succeeded".equals(phase) || status.has("creationTime")) {
        status.put("phase", "Succeeded");
        SnapshotConditions.set(status, SnapshotConditions.PROGRESSING, false, "Operation complete");
        snapshotVolumes(status, vm, content);
      } else {
        status.put("phase", "InProgress");
        if (vm == null) {
          SnapshotConditions.set(status, SnapshotConditions.PROGRESSING, false, "Source does not exist");
        } else {
          SnapshotConditions.set(status, SnapshotConditions.PROGRESSING, lockMessage.startsWith("Source locked"),
              lockMessage);
          indications(status, running);
        }
      }
      boolean ready = Json.bool(status, false, "readyToUse");
      SnapshotConditions.set(status, SnapshotConditions.READY, ready, ready ? "Ready" : "Not ready");
      if (status.has("error")) {
        SnapshotConditions.set(status, SnapshotConditions.PROGRESSING, false, "In error state");
      }
      return current;
    }).orElseThrow();
  }

  private static void copy(JsonNode content, ObjectNode status, String field) {
    String value = Json.text(content, "status", field);
    if (value != null) {
      status.put(field, value);
    }
  }

  private static void indications(ObjectNode status, boolean online) {
    if (!online) {
      status.remove("indications");
      status.remove("sourceIndications");
      return;
    }
    ArrayNode indications = status.putArray("indications");
    ArrayNode sourceIndications = status.putArray("sourceIndications");
    for (String indication : List.of("NoGuestAgent", "Online")) {
      indications.add(indication);
      sourceIndications.addObject().put("indication", indication).put("message", INDICATION_MESSAGES.get(indication));
    }
  }

  private static void snapshotVolumes(ObjectNode status, JsonNode vm, JsonNode content) {
    if (content == null) {
      return;
    }
    JsonNode spec = Json.at(content, "spec", "source", "virtualMachine", "spec");
    List<String> included = SnapshotContents.backedUpVolumes(content);
    ArrayNode includedNode = Json.array();
    ArrayNode excludedNode = Json.array();
    boolean partial = false;
    for (JsonNode volume : VmVolumes.volumes(spec)) {
      String name = Json.text(volume, "name");
      if (included.contains(name)) {
        includedNode.add(name);
      } else {
        excludedNode.add(name);
        partial |= VmVolumes.claimOf(volume) != null;
      }
    }
    ObjectNode lists = status.putObject("snapshotVolumes");
    if (!includedNode.isEmpty()) {
      lists.set("includedVolumes", includedNode);
    }
    if (!excludedNode.isEmpty()) {
      lists.set("excludedVolumes", excludedNode);
    }
    if (partial && Json.items(status, "indications").stream().noneMatch(i -> "Partial".equals(i.asString()))) {
      Json.withArray(status, "indications").add("Partial");
      Json.withArray(status, "sourceIndications").addObject().put("indication", "Partial")
          .put("message", INDICATION_MESSAGES.get("Partial"));
    }
  }

  private static boolean deadlinePassed(JsonNode snapshot) {
    String created = Json.text(snapshot, "metadata", "creationTimestamp");
    if (created == null) {
      return false;
    }
    java.time.Duration deadline = DEFAULT_DEADLINE;
    String configured = Json.text(snapshot, "spec", "failureDeadline");
    if (configured != null) {
      try {
        deadline = Duration.parse(configured).getDuration();
      } catch (ParseException | RuntimeException e) {
        deadline = DEFAULT_DEADLINE;
      }
    }
    return !deadline.isZero() && Instant.now().isAfter(Instant.parse(created).plus(deadline));
  }

  private void lock(String namespace, String vm, String snapshot) {
    api.updateStatus(KubeVirtTypes.VIRTUAL_MACHINES, namespace, vm, current -> {
      if (snapshot.equals(Json.text(current, "status", "snapshotInProgress"))) {
        return null;
      }
      Json.with(current, "status").put("snapshotInProgress", snapshot);
      return current;
    });
  }

  private void unlock(String namespace, String vm, String snapshot) {
    api.updateStatus(KubeVirtTypes.VIRTUAL_MACHINES, namespace, vm, current -> {
      if (!snapshot.equals(Json.text(current, "status", "snapshotInProgress"))) {
        return null;
      }
      Json.with(current, "status").remove("snapshotInProgress");
      return current;
    });
  }

  /** KubeVirt's shouldDeleteContent: under the Delete policy, or when the content is not ready. */
  private static boolean shouldDeleteContent(JsonNode snapshot, JsonNode content) {
    return !"Retain".equals(Json.text(snapshot, "spec", "deletionPolicy"))
        || !Json.bool(content, false, "status", "readyToUse");
  }

  private void delete(ObjectRef ref, JsonNode snapshot, String contentName, String vmName) {
    boolean deleteContent = !"Retain".equals(Json.text(snapshot, "spec", "deletionPolicy"))
        || !Json.bool(snapshot, false, "status", "readyToUse");
    if (deleteContent) {
      api.delete(SnapshotTypes.VM_SNAPSHOT_CONTENTS, ref.namespace(), contentName);
    }
    if (vmName != null) {
      unlock(ref.namespace(), vmName, ref.name());
    }
    Finalizers.remove(api, SnapshotTypes.VM_SNAPSHOTS, ref.namespace(), ref.name(), FINALIZER);
    snapshotOfContent.remove(ref.namespace() + "/" + contentName);
  }
}
