package dev.edgevm.embedded.internal.cdi;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.api.ObjectEvent;
import dev.edgevm.embedded.internal.catalog.CdiTypes;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.runtime.ControllerLoop;
import dev.edgevm.embedded.internal.runtime.ObjectRef;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The parts CDI's upload and import pods share: the workload placement from the CDI CR, the PVC
 * owner reference, the data and scratch volumes, and the pod-phase annotations read back from them.
 */
final class WorkerPods {

  static final String DATA_VOLUME = "cdi-data-vol";
  static final String SCRATCH_VOLUME = "cdi-scratch-vol";

  private WorkerPods() {
  }

  static ObjectNode pod(String name, JsonNode pvc, String component) {
    ObjectNode pod = Json.object();
    pod.put("apiVersion", "v1");
    pod.put("kind", "Pod");
    ObjectNode metadata = pod.putObject("metadata");
    metadata.put("name", name);
    metadata.put("namespace", Json.namespace(pvc));
    ObjectNode labels = metadata.putObject("labels");
    labels.put(CdiNames.LABEL_APP, CdiNames.LABEL_APP_VALUE);
    labels.put(CdiNames.LABEL_COMPONENT, component);
    labels.put("app.kubernetes.io/component", "storage");
    labels.put("app.kubernetes.io/managed-by", "cdi-controller");
    ownedBy(metadata, pvc);
    ObjectNode spec = pod.putObject("spec");
    spec.put("restartPolicy", "OnFailure");
    spec.put("enableServiceLinks", false);
    ObjectNode securityContext = spec.putObject("securityContext");
    securityContext.put("fsGroup", 107);
    securityContext.put("runAsNonRoot", true);
    securityContext.put("runAsUser", 107);
    securityContext.putObject("seccompProfile").put("type", "RuntimeDefault");
    return pod;
  }

  /** Makes the claim the controller owner of what {@code metadata} describes, as CDI does for its pods and services. */
  static void ownedBy(ObjectNode metadata, JsonNode pvc) {
    ObjectNode owner = metadata.putArray("ownerReferences").addObject();
    owner.put("apiVersion", "v1");
    owner.put("kind", "PersistentVolumeClaim");
    owner.put("name", Json.name(pvc));
    owner.put("uid", Json.uid(pvc));
    owner.put("controller", true);
    owner.put("blockOwnerDeletion", true);
  }

  /** The claim a worker pod of {@code component} (importer, upload server) was made for, from its owner. */
  static Optional<String> ownerClaim(JsonNode pod, String component) {
    if (!component.equals(Json.labels(pod).get(CdiNames.LABEL_COMPONENT))) {
      return Optional.empty();
    }
    return Json.items(pod, "metadata", "ownerReferences").stream()
        .filter(owner -> "PersistentVolumeClaim".equals(Json.text(owner, "kind")))
        .map(owner -> Json.text(owner, "name")).findFirst();
  }

  /**
   * Queues a claim when it carries {@code claimAnnotation} or when a worker pod of
   * {@code component} made for it changes: how the import and upload controllers follow their work.
   */
  static void subscribe(ClusterContext context, ControllerLoop<ObjectRef> loop, String claimAnnotation,
      String component) {
    context.subscribe(CoreTypes.PERSISTENT_VOLUME_CLAIMS, event -> {
      if (event.type() != ObjectEvent.Type.DELETED
          && Json.annotations(event.latest().view()).containsKey(claimAnnotation)) {
        loop.enqueue(new ObjectRef(event.namespace(), event.name()));
      }
    });
    context.subscribe(CoreTypes.PODS, event -> ownerClaim(event.latest().view(), component)
        .ifPresent(claim -> loop.enqueue(new ObjectRef(event.namespace(), claim))));
  }

  /** The CDI CR's {@code spec.workload}: nodeSelector, tolerations and affinity for CDI's pods. */
  static void applyWorkloadPlacement(ClusterApi api, ObjectNode pod) {
    JsonNode workload = api.get(CdiTypes.CDIS, null, CdiNames.CR_NAME)
        .map(cr -> Json.at(cr, "spec", "workload")).orElse(null);
    if (workload == null || !workload.isObject()) {
      return;
    }
    ObjectNode spec = Json.with(pod, "spec");
    for (String field : new String[] {"nodeSelector", "tolerations", "affinity"}) {
      JsonNode value = workload.get(field);
      if (value != null && !value.isNull() && value.size() > 0) {
        spec.set(field, value.deepCopy());
      }
    }
  }

  static void claimVolume(ObjectNode pod, String volumeName, String claim) {
    ArrayNode volumes = Json.withArray(pod, "spec", "volumes");
    ObjectNode volume = volumes.addObject();
    volume.put("name", volumeName);
    ObjectNode source = volume.putObject("persistentVolumeClaim");
    source.put("claimName", claim);
    source.put("readOnly", false);
  }

  static void mount(ObjectNode container, String volumeName, String path) {
    ObjectNode mount = Json.withArray(container, "volumeMounts").addObject();
    mount.put("name", volumeName);
    mount.put("mountPath", path);
  }

  static void env(ObjectNode container, String name, String value) {
    ObjectNode variable = Json.withArray(container, "env").addObject();
    variable.put("name", name);
    variable.put("value", value);
  }

  static String env(JsonNode pod, String name) {
    for (JsonNode container : Json.items(pod, "spec", "containers")) {
      for (JsonNode variable : Json.items(container, "env")) {
        if (name.equals(Json.text(variable, "name"))) {
          return Json.text(variable, "value");
        }
      }
    }
    return null;
  }

  /** The claim behind a volume of the pod, or null. */
  static String claimOf(JsonNode pod, String volumeName) {
    for (JsonNode volume : Json.items(pod, "spec", "volumes")) {
      if (volumeName.equals(Json.text(volume, "name"))) {
        return Json.text(volume, "persistentVolumeClaim", "claimName");
      }
    }
    return null;
  }

  /** CDI's setAnnotationsFromPodWithPrefix and pod phase/ready annotations, into {@code annotations}. */
  static void annotateFromPod(ObjectNode annotations, JsonNode pod) {
    annotations.put(CdiNames.ANN_POD_PHASE, Json.textOr(pod, "Pending", "status", "phase"));
    java.util.List<JsonNode> statuses = Json.items(pod, "status", "containerStatuses");
    boolean ready = !statuses.isEmpty() && statuses.stream().allMatch(s -> Json.bool(s, false, "ready"));
    annotations.put(CdiNames.ANN_POD_READY, Boolean.toString(ready));
    boolean unschedulable = Json.items(pod, "status", "conditions").stream().anyMatch(c ->
        "PodScheduled".equals(Json.text(c, "type")) && "Unschedulable".equals(Json.text(c, "reason")));
    if (unschedulable) {
      annotations.put(CdiNames.ANN_POD_SCHEDULABLE, "false");
    } else {
      annotations.remove(CdiNames.ANN_POD_SCHEDULABLE);
    }
    if (statuses.isEmpty()) {
      return;
    }
    JsonNode first = statuses.get(0);
    int restarts = (int) Json.number(first, 0, "restartCount");
    int recorded = parse(annotations.path(CdiNames.ANN_POD_RESTARTS).asString("0"));
    if (restarts >= recorded) {
      annotations.put(CdiNames.ANN_POD_RESTARTS, Integer.toString(restarts));
    }
    if (statuses.stream().allMatch(s -> Json.at(s, "state", "running").isObject())) {
      annotations.put(CdiNames.ANN_RUNNING_CONDITION, "true");
      annotations.put(CdiNames.ANN_RUNNING_MESSAGE, "");
      annotations.put(CdiNames.ANN_RUNNING_REASON, CdiNames.POD_RUNNING_REASON);
      return;
    }
    annotations.put(CdiNames.ANN_RUNNING_CONDITION, "false");
    JsonNode waiting = Json.at(first, "state", "waiting");
    if (waiting.isObject() && !"CrashLoopBackOff".equals(Json.text(waiting, "reason"))) {
      annotations.put(CdiNames.ANN_RUNNING_MESSAGE, Json.textOr(waiting, "", "message"));
      annotations.put(CdiNames.ANN_RUNNING_REASON, Json.textOr(waiting, "", "reason"));
      return;
    }
    JsonNode terminated = Json.at(first, "state", "terminated");
    if (terminated.isObject()) {
      String message = Json.textOr(terminated, "", "message");
      String text = message;
      try {
        JsonNode termination = Json.parseAny(message);
        if (termination.isObject() && termination.has("message")) {
          text = termination.get("message").asString();
        }
      } catch (RuntimeException notJson) {
        // a plain termination message
      }
      annotations.put(CdiNames.ANN_RUNNING_MESSAGE, text);
      annotations.put(CdiNames.ANN_RUNNING_REASON, Json.textOr(terminated, "", "reason"));
    }
  }

  private static int parse(String number) {
    try {
      return Integer.parseInt(number);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
