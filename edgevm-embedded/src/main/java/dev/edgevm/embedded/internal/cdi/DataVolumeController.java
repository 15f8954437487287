package dev.edgevm.embedded.internal.cdi;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.api.ObjectEvent;
import dev.edgevm.embedded.internal.catalog.CdiTypes;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.events.EventRecorder;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.runtime.ControllerLoop;
import dev.edgevm.embedded.internal.runtime.ObjectRef;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * CDI's DataVolume controllers for upload and blank sources, without populators (as CDI does for
 * storage that is not CSI, and here for every class): the DataVolume gets a claim of its name,
 * annotated for the upload or import controller, and a status that follows that claim.
 */
final class DataVolumeController {

  private final ClusterApi api;
  private final ClaimRendering rendering;
  private final DataVolumeEvents events;
  private ControllerLoop<ObjectRef> loop;

  DataVolumeController(ClusterApi api, EventRecorder recorder) {
    this.api = api;
    this.rendering = new ClaimRendering(api);
    this.events = new DataVolumeEvents(recorder);
  }

  void start(ClusterContext context) {
    loop = context.controller("datavolume-controller", this::reconcile);
    context.subscribe(CdiTypes.DATA_VOLUMES, event -> loop.enqueue(new ObjectRef(event.namespace(), event.name())));
    context.subscribe(CoreTypes.PERSISTENT_VOLUME_CLAIMS, this::onClaim);
  }

  /** CDI names a DataVolume's claim after it; any change of that claim revisits the DataVolume. */
  private void onClaim(ObjectEvent event) {
    if (event.type() != ObjectEvent.Type.DELETED || ownedByDataVolume(event.latest().view())) {
      loop.enqueue(new ObjectRef(event.namespace(), event.name()));
    }
  }

  private static boolean ownedByDataVolume(JsonNode pvc) {
    return Json.items(pvc, "metadata", "ownerReferences").stream()
        .anyMatch(owner -> "DataVolume".equals(Json.text(owner, "kind")));
  }

  static DataVolumeStatus.Kind kind(JsonNode dataVolume) {
    if (Json.at(dataVolume, "spec", "source", "upload").isObject()) {
      return DataVolumeStatus.Kind.UPLOAD;
    }
    if (Json.at(dataVolume, "spec", "source", "blank").isObject()) {
      return DataVolumeStatus.Kind.IMPORT;
    }
    return null;
  }

  private void reconcile(ObjectRef ref) {
    ObjectNode dataVolume = api.get(CdiTypes.DATA_VOLUMES, ref.namespace(), ref.name()).orElse(null);
    if (dataVolume == null || Json.deleting(dataVolume)) {
      return;
    }
    if (!Json.annotations(dataVolume).containsKey(CdiNames.ANN_USE_POPULATOR)) {
      dataVolume = api.update(CdiTypes.DATA_VOLUMES, ref.namespace(), ref.name(), current -> {
        Json.with(current, "metadata", "annotations").put(CdiNames.ANN_USE_POPULATOR, "false");
        return current;
      }).orElse(null);
      if (dataVolume == null) {
        return;
      }
    }
    DataVolumeStatus.Kind kind = kind(dataVolume);
    boolean prePopulated = Json.annotations(dataVolume).containsKey(CdiNames.ANN_PRE_POPULATED);
    ObjectNode pvc = api.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, ref.namespace(), ref.name()).orElse(null);
    String problem = null;
    if (pvc == null && !prePopulated) {
      if (kind == null) {
        problem = "the embedded cluster imports only upload and blank sources";
      } else {
        ClaimRendering.Result rendered = rendering.render(dataVolume);
        if (rendered.error() != null) {
          problem = rendered.error();
        } else {
          pvc = createClaim(dataVolume, rendered.spec(), kind);
        }
      }
    }
    if (pvc != null && prePopulated && !Json.name(dataVolume).equals(
        Json.annotations(pvc).get(CdiNames.ANN_POPULATED_FOR)) && "Bound".equals(Json.text(pvc, "status", "phase"))) {
      pvc = api.update(CoreTypes.PERSISTENT_VOLUME_CLAIMS, ref.namespace(), ref.name(), current -> {
        Json.with(current, "metadata", "annotations").put(CdiNames.ANN_POPULATED_FOR, ref.name());
        return current;
      }).orElse(pvc);
    }
    JsonNode claim = pvc;
    String reason = problem;
    JsonNode before = dataVolume;
    Optional<ObjectNode> after = api.updateStatus(CdiTypes.DATA_VOLUMES, ref.namespace(), ref.name(), current -> {
      ObjectNode status = Json.with(current, "status");
      DataVolumeStatus.update(status, current, claim, kind == null ? DataVolumeStatus.Kind.IMPORT : kind);
      if (reason != null) {
        for (JsonNode condition : Json.items(status, "conditions")) {
          if ("Bound".equals(Json.text(condition, "type"))) {
            ((ObjectNode) condition).put("message", reason).put("reason", "ErrClaimNotValid");
          }
        }
      }
      return current;
    });
    events.record(before, after.orElse(null), kind == null ? DataVolumeStatus.Kind.IMPORT : kind);
  }

  private ObjectNode createClaim(JsonNode dataVolume, ObjectNode spec, DataVolumeStatus.Kind kind) {
    ObjectNode pvc = Json.object();
    pvc.put("apiVersion", "v1");
    pvc.put("kind", "PersistentVolumeClaim");
    ObjectNode metadata = pvc.putObject("metadata");
    metadata.put("name", Json.name(dataVolume));
    metadata.put("namespace", Json.namespace(dataVolume));
    ObjectNode labels = metadata.putObject("labels");
    labels.put(CdiNames.LABEL_APP, CdiNames.LABEL_APP_VALUE);
    if ("Filesystem".equals(Json.textOr(spec, "Filesystem", "volumeMode"))) {
      labels.put(CdiNames.LABEL_FILLING_UP, "disabled");
    }
    Json.labels(dataVolume).forEach(labels::put);
    ObjectNode annotations = metadata.putObject("annotations");
    Map<String, String> dvAnnotations = Json.annotations(dataVolume);
    dvAnnotations.forEach(annotations::put);
    annotations.remove(CdiNames.ANN_POPULATED_FOR);
    annotations.put(CdiNames.ANN_POD_RESTARTS, "0");
    annotations.put(CdiNames.ANN_CONTENT_TYPE, Json.textOr(dataVolume, CdiNames.CONTENT_KUBEVIRT, "spec", "contentType"));
    annotations.put(CdiNames.ANN_PREALLOCATION_REQUESTED, "false");
    annotations.put(CdiNames.ANN_CREATED_FOR_DATA_VOLUME, Json.uid(dataVolume));
    if (kind == DataVolumeStatus.Kind.UPLOAD) {
      annotations.put(CdiNames.ANN_UPLOAD_REQUEST, "");
    } else {
      annotations.put(CdiNames.ANN_SOURCE, CdiNames.SOURCE_NONE);
    }
    ObjectNode owner = metadata.putArray("ownerReferences").addObject();
    owner.put("apiVersion", "cdi.kubevirt.io/v1beta1");
    owner.put("kind", "DataVolume");
    owner.put("name", Json.name(dataVolume));
    owner.put("uid", Json.uid(dataVolume));
    owner.put("controller", true);
    owner.put("blockOwnerDeletion", true);
    pvc.set("spec", spec);
    return api.createOrGet(CoreTypes.PERSISTENT_VOLUME_CLAIMS, pvc);
  }
}
