package dev.edgevm.embedded.internal.cdi;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.runtime.ControllerLoop;
import dev.edgevm.embedded.internal.runtime.ObjectRef;
import dev.edgevm.embedded.internal.storage.Volumes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * CDI's import controller for the one source the embedded cluster imports, {@code blank}
 * ({@code cdi.kubevirt.io/storage.import.source: none}): an importer pod {@code importer-<claim>}
 * writes a sparse raw disk of the volume's usable size; the claim's annotations follow the pod,
 * which is deleted once it succeeded.
 */
final class ImportController {

  private final ClusterApi api;
  private final ClaimRendering rendering;
  private ControllerLoop<ObjectRef> loop;

  ImportController(ClusterApi api) {
    this.api = api;
    this.rendering = new ClaimRendering(api);
  }

  void start(ClusterContext context) {
    loop = context.controller("import-controller", this::reconcile);
    WorkerPods.subscribe(context, loop, CdiNames.ANN_SOURCE, CdiNames.LABEL_IMPORTER);
  }

  private void reconcile(ObjectRef ref) {
    ObjectNode pvc = api.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, ref.namespace(), ref.name()).orElse(null);
    if (pvc == null || !CdiNames.SOURCE_NONE.equals(Json.annotations(pvc).get(CdiNames.ANN_SOURCE))) {
      return;
    }
    String podName = Json.annotations(pvc).getOrDefault(CdiNames.ANN_IMPORT_POD,
        CdiNames.resourceName(CdiNames.IMPORTER_POD_PREFIX, ref.name()));
    if ("Succeeded".equals(Json.annotations(pvc).get(CdiNames.ANN_POD_PHASE)) || Json.deleting(pvc)) {
      api.get(CoreTypes.PODS, ref.namespace(), podName).filter(pod -> !Json.deleting(pod))
          .ifPresent(pod -> api.delete(CoreTypes.PODS, ref.namespace(), podName));
      return;
    }
    ObjectNode pod = api.get(CoreTypes.PODS, ref.namespace(), podName).orElseGet(() -> createPod(pvc, podName));
    api.update(CoreTypes.PERSISTENT_VOLUME_CLAIMS, ref.namespace(), ref.name(), current -> {
      ObjectNode annotations = Json.with(current, "metadata", "annotations");
      annotations.put(CdiNames.ANN_IMPORT_POD, podName);
      WorkerPods.annotateFromPod(annotations, pod);
      return current;
    });
  }

  private ObjectNode createPod(JsonNode pvc, String name) {
    ObjectNode pod = WorkerPods.pod(name, pvc, CdiNames.LABEL_IMPORTER);
    Json.with(pod, "metadata").putObject("annotations").put("cdi.kubevirt.io/storage.createdByController", "yes");
    ObjectNode container = Json.withArray(pod, "spec", "containers").addObject();
    container.put("name", "importer");
    container.put("image", "quay.io/kubevirt/cdi-importer:" + CdiNames.VERSION);
    container.put("imagePullPolicy", "IfNotPresent");
    container.putArray("args").add("-v=1");
    WorkerPods.env(container, "IMPORTER_SOURCE", CdiNames.SOURCE_NONE);
    WorkerPods.env(container, "IMPORTER_CONTENTTYPE", CdiNames.CONTENT_KUBEVIRT);
    WorkerPods.env(container, "IMPORTER_IMAGE_SIZE", Json.textOr(pvc, "", "spec", "resources", "requests", "storage"));
    WorkerPods.env(container, "OWNER_UID", Json.uid(pvc));
    WorkerPods.env(container, "FILESYSTEM_OVERHEAD", Double.toString(rendering.overhead(Volumes.storageClass(pvc))));
    WorkerPods.env(container, "PREALLOCATION", "false");
    container.put("terminationMessagePolicy", "FallbackToLogsOnError");
    WorkerPods.mount(container, WorkerPods.DATA_VOLUME, "/data");
    WorkerPods.claimVolume(pod, WorkerPods.DATA_VOLUME, Json.name(pvc));
    WorkerPods.applyWorkloadPlacement(api, pod);
    pod.putObject("status").put("phase", "Pending").put("qosClass", "BestEffort");
    return api.createWithStatusOrGet(CoreTypes.PODS, pod);
  }
}
