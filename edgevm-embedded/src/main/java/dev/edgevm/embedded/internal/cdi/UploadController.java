package dev.edgevm.embedded.internal.cdi;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.disk.VolumeSpace;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.nodes.PodStatuses;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.runtime.ControllerLoop;
import dev.edgevm.embedded.internal.runtime.ObjectRef;
import dev.edgevm.embedded.internal.pods.Pods;
import dev.edgevm.embedded.internal.storage.Volumes;
import java.time.Duration;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * CDI's upload controller (pkg/controller/upload-controller.go): for a claim annotated as an upload
 * target it creates the upload pod {@code cdi-upload-<claim>} with CDI's workload placement, the
 * scratch claim {@code <claim>-scratch} owned by that pod, and the pod's Service; it copies the
 * pod's phase, readiness and running condition into the claim's annotations; and once the pod
 * succeeded (or the claim is deleted) it deletes the pod and Service, which takes the scratch
 * claim with it.
 */
final class UploadController {

  private static final Duration IN_USE_RETRY = Duration.ofSeconds(1);

  private final ClusterApi api;
  private final ClaimRendering rendering;
  private ControllerLoop<ObjectRef> loop;

  UploadController(ClusterApi api) {
    this.api = api;
    this.rendering = new ClaimRendering(api);
  }

  void start(ClusterContext context) {
    loop = context.controller("upload-controller", this::reconcile);
    WorkerPods.subscribe(context, loop, CdiNames.ANN_UPLOAD_REQUEST, CdiNames.LABEL_UPLOAD_SERVER);
  }

  static String podName(JsonNode pvc) {
    String annotated = Json.annotations(pvc).get(CdiNames.ANN_UPLOAD_POD);
    return annotated != null ? annotated : CdiNames.resourceName(CdiNames.UPLOAD_POD_PREFIX, Json.name(pvc));
  }

  private void reconcile(ObjectRef ref) {
    ObjectNode pvc = api.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, ref.namespace(), ref.name()).orElse(null);
    if (pvc == null || !Json.annotations(pvc).containsKey(CdiNames.ANN_UPLOAD_REQUEST)) {
      return;
    }
    if ("Succeeded".equals(Json.annotations(pvc).get(CdiNames.ANN_POD_PHASE)) || Json.deleting(pvc)) {
      cleanup(pvc);
      return;
    }
    if (!Json.annotations(pvc).containsKey(CdiNames.ANN_UPLOAD_POD)) {
      api.update(CoreTypes.PERSISTENT_VOLUME_CLAIMS, ref.namespace(), ref.name(), current -> {
        Json.with(current, "metadata", "annotations").put(CdiNames.ANN_UPLOAD_POD,
            CdiNames.resourceName(CdiNames.UPLOAD_POD_PREFIX, ref.name()));
        return current;
      });
      return;
    }
    String podName = podName(pvc);
    ObjectNode pod = api.get(CoreTypes.PODS, ref.namespace(), podName).orElse(null);
    if (pod == null) {
      if (Pods.claimInUse(api, ref.namespace(), ref.name())) {
        loop.enqueueAfter(ref, IN_USE_RETRY);
        return;
      }
      pod = createPod(pvc, podName);
    }
    boolean creatingScratch = ensureScratch(pvc, pod);
    ensureService(pvc, CdiNames.serviceName(podName));
    JsonNode currentPod = pod;
    api.update(CoreTypes.PERSISTENT_VOLUME_CLAIMS, ref.namespace(), ref.name(), current -> {
      ObjectNode annotations = Json.with(current, "metadata", "annotations");
      if (creatingScratch) {
        annotations.put(CdiNames.ANN_BOUND_CONDITION, "false");
        annotations.put(CdiNames.ANN_BOUND_MESSAGE, "Creating scratch space");
        annotations.put(CdiNames.ANN_BOUND_REASON, CdiNames.CREATING_SCRATCH);
      } else if ("Bound".equals(Json.text(current, "status", "phase"))) {
        annotations.remove(CdiNames.ANN_BOUND_CONDITION);
        annotations.remove(CdiNames.ANN_BOUND_MESSAGE);
        annotations.remove(CdiNames.ANN_BOUND_REASON);
      }
      WorkerPods.annotateFromPod(annotations, currentPod);
      return current;
    });
  }

  private ObjectNode createPod(JsonNode pvc, String name) {
    ObjectNode pod = WorkerPods.pod(name, pvc, CdiNames.LABEL_UPLOAD_SERVER);
    ObjectNode metadata = Json.with(pod, "metadata");
    Json.with(metadata, "labels").put(CdiNames.LABEL_SERVICE, CdiNames.serviceName(name));
    Json.with(metadata, "labels").put(CdiNames.LABEL_UPLOAD_TARGET, Json.uid(pvc));
    ObjectNode annotations = metadata.putObject("annotations");
    annotations.put(CdiNames.ANN_CREATED_BY_UPLOAD, "yes");
    annotations.put("k8s.ovn.org/open-default-ports", "[{\"protocol\":\"tcp\",\"port\":8443}]");
    ObjectNode container = Json.withArray(pod, "spec", "containers").addObject();
    container.put("name", "cdi-upload-server");
    container.put("image", "quay.io/kubevirt/cdi-uploadserver:" + CdiNames.VERSION);
    container.put("imagePullPolicy", "IfNotPresent");
    container.putArray("args").add("-v=1");
    WorkerPods.env(container, "TLS_KEY_FILE", "/etc/tls/tls.key");
    WorkerPods.env(container, "TLS_CERT_FILE", "/etc/tls/tls.crt");
    WorkerPods.env(container, "CLIENT_CERT_FILE", "/etc/tls/ca.crt");
    WorkerPods.env(container, "FILESYSTEM_OVERHEAD", Double.toString(rendering.overhead(Volumes.storageClass(pvc))));
    WorkerPods.env(container, "UPLOAD_IMAGE_SIZE", Json.textOr(pvc, "", "spec", "resources", "requests", "storage"));
    WorkerPods.env(container, "CLIENT_NAME", CdiNames.UPLOAD_SERVER_CLIENT);
    WorkerPods.env(container, "PREALLOCATION", "false");
    ObjectNode probe = container.putObject("readinessProbe");
    ObjectNode httpGet = probe.putObject("httpGet");
    httpGet.put("path", "/healthz");
    httpGet.put("port", CdiNames.UPLOAD_SERVER_PORT);
    httpGet.put("scheme", "HTTPS");
    probe.put("initialDelaySeconds", 2);
    probe.put("periodSeconds", 5);
    ObjectNode resources = container.putObject("resources");
    resources.putObject("limits").put("cpu", "750m").put("memory", "600M");
    resources.putObject("requests").put("cpu", "100m").put("memory", "60M");
    container.put("terminationMessagePolicy", "FallbackToLogsOnError");
    WorkerPods.mount(container, "tls-config", "/etc/tls/");
    WorkerPods.mount(container, WorkerPods.DATA_VOLUME, "/data");
    WorkerPods.mount(container, WorkerPods.SCRATCH_VOLUME, "/scratch");
    ObjectNode tls = Json.withArray(pod, "spec", "volumes").addObject();
    tls.put("name", "tls-config");
    tls.putObject("secret").put("secretName", name);
    WorkerPods.claimVolume(pod, WorkerPods.DATA_VOLUME, Json.name(pvc));
    WorkerPods.claimVolume(pod, WorkerPods.SCRATCH_VOLUME, scratchName(pvc));
    WorkerPods.applyWorkloadPlacement(api, pod);
    pod.putObject("status").put("phase", "Pending").put("qosClass", "Burstable");
    return api.createWithStatusOrGet(CoreTypes.PODS, pod);
  }

  static String scratchName(JsonNode pvc) {
    return CdiNames.resourceName(Json.name(pvc), CdiNames.SCRATCH_SUFFIX);
  }

  /** Creates the scratch claim when missing; true when it was created now. */
  private boolean ensureScratch(JsonNode pvc, JsonNode pod) {
    if (PodStatuses.isFinished(pod)) {
      return false;
    }
    String name = scratchName(pvc);
    if (api.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, Json.namespace(pvc), name).isPresent()) {
      return false;
    }
    ObjectNode scratch = Json.object();
    scratch.put("apiVersion", "v1");
    scratch.put("kind", "PersistentVolumeClaim");
    ObjectNode metadata = scratch.putObject("metadata");
    metadata.put("name", name);
    metadata.put("namespace", Json.namespace(pvc));
    ObjectNode labels = metadata.putObject("labels");
    labels.put(CdiNames.LABEL_APP, CdiNames.LABEL_APP_VALUE);
    labels.put("app.kubernetes.io/component", "storage");
    labels.put("app.kubernetes.io/managed-by", "cdi-controller");
    labels.put("velero.io/exclude-from-backup", "true");
    ObjectNode annotations = metadata.putObject("annotations");
    Json.annotations(pvc).forEach((key, value) -> {
      if (key.contains("kubevirt.io") && !key.contains("cdi.kubevirt.io")) {
        annotations.put(key, value);
      }
    });
    ObjectNode owner = metadata.putArray("ownerReferences").addObject();
    owner.put("apiVersion", "v1");
    owner.put("kind", "Pod");
    owner.put("name", Json.name(pod));
    owner.put("uid", Json.uid(pod));
    owner.put("controller", true);
    owner.put("blockOwnerDeletion", true);
    ObjectNode spec = scratch.putObject("spec");
    spec.putArray("accessModes").add("ReadWriteOnce");
    String storageClass = Volumes.storageClass(pvc);
    double overhead = rendering.overhead(storageClass);
    long request = Volumes.request(pvc);
    long size = VolumeSpace.roundUp(VolumeSpace.required(overhead, VolumeSpace.usable(overhead, request)),
        VolumeSpace.ALIGNMENT);
    Json.with(spec, "resources", "requests").put("storage", Long.toString(size));
    if (!storageClass.isEmpty()) {
      spec.put("storageClassName", storageClass);
    }
    return api.createIfAbsent(CoreTypes.PERSISTENT_VOLUME_CLAIMS, scratch);
  }

  private void ensureService(JsonNode pvc, String name) {
    if (api.get(CoreTypes.SERVICES, Json.namespace(pvc), name).isPresent()) {
      return;
    }
    ObjectNode service = Json.object();
    service.put("apiVersion", "v1");
    service.put("kind", "Service");
    ObjectNode metadata = service.putObject("metadata");
    metadata.put("name", name);
    metadata.put("namespace", Json.namespace(pvc));
    metadata.putObject("annotations").put(CdiNames.ANN_CREATED_BY_UPLOAD, "yes");
    ObjectNode labels = metadata.putObject("labels");
    labels.put(CdiNames.LABEL_APP, CdiNames.LABEL_APP_VALUE);
    labels.put(CdiNames.LABEL_COMPONENT, CdiNames.LABEL_UPLOAD_SERVER);
    WorkerPods.ownedBy(metadata, pvc);
    ObjectNode spec = service.putObject("spec");
    spec.put("clusterIP", "None");
    ObjectNode port = spec.putArray("ports").addObject();
    port.put("protocol", "TCP");
    port.put("port", CdiNames.UPLOAD_SERVER_PORT);
    port.put("targetPort", CdiNames.UPLOAD_SERVER_PORT);
    spec.putObject("selector").put(CdiNames.LABEL_SERVICE, name);
    api.createIfAbsent(CoreTypes.SERVICES, service);
  }

  /** Deletes the upload pod (its scratch claim goes with it) and the Service. */
  private void cleanup(JsonNode pvc) {
    String podName = podName(pvc);
    api.delete(CoreTypes.SERVICES, Json.namespace(pvc), CdiNames.serviceName(podName));
    api.get(CoreTypes.PODS, Json.namespace(pvc), podName)
        .filter(pod -> !Json.deleting(pod))
        .filter(pod -> Objects.equals(WorkerPods.ownerClaim(pod, CdiNames.LABEL_UPLOAD_SERVER).orElse(null), Json.name(pvc)))
        .ifPresent(pod -> api.delete(CoreTypes.PODS, Json.namespace(pvc), podName));
  }
}
