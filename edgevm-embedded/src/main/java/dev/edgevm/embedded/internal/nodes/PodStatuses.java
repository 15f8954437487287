package dev.edgevm.embedded.internal.nodes;

import dev.edgevm.embedded.internal.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A pod's status as the kubelet writes it in each stage of the pod's life: for the cluster's
 * kubelet and for the components that run their own pods (CDI workers, jobs, device plugins).
 * Each method changes the {@code status} of the pod given; conditions keep their
 * lastTransitionTime unless their status changes.
 */
public final class PodStatuses {

  private PodStatuses() {
  }

  static List<String> images(JsonNode pod) {
    List<String> images = new ArrayList<>();
    for (String kind : List.of("initContainers", "containers")) {
      Json.items(pod, "spec", kind).forEach(c -> images.add(Json.text(c, "image")));
    }
    return images;
  }

  static List<JsonNode> containerStatuses(JsonNode pod) {
    return Json.items(pod, "status", "containerStatuses");
  }

  static String firstContainerName(JsonNode pod) {
    return Json.items(pod, "spec", "containers").stream().map(c -> Json.text(c, "name")).findFirst().orElse("");
  }

  public static boolean isFinished(JsonNode pod) {
    String phase = Json.textOr(pod, "", "status", "phase");
    return phase.equals("Succeeded") || phase.equals("Failed");
  }

  static String pullError(String image) {
    return "rpc error: code = NotFound desc = failed to pull and unpack image \"" + image
        + "\": failed to resolve reference \"" + image + "\": " + image + ": not found";
  }

  /** Scheduled, containers being created. */
  static ObjectNode creating(ObjectNode pod, String hostIp) {
    ObjectNode status = pending(pod, hostIp);
    boolean init = !Json.items(pod, "spec", "initContainers").isEmpty();
    setStatuses(pod, "initContainerStatuses", "initContainers", c -> waiting("PodInitializing", null));
    setStatuses(pod, "containerStatuses", "containers",
        c -> waiting(init ? "PodInitializing" : "ContainerCreating", null));
    condition(status, "Initialized", !init, init ? "ContainersNotInitialized" : null,
        init ? "containers with incomplete status: " + names(pod, "initContainers") : null);
    return pod;
  }

  /** An image cannot be pulled: the containers using it wait with ErrImagePull or ImagePullBackOff. */
  static ObjectNode pullFailed(ObjectNode pod, String image, boolean backOff, String hostIp) {
    pending(pod, hostIp);
    String reason = backOff ? "ImagePullBackOff" : "ErrImagePull";
    String message = backOff ? "Back-off pulling image \"" + image + "\"" : pullError(image);
    for (String kind : List.of("initContainers", "containers")) {
      setStatuses(pod, kind.equals("containers") ? "containerStatuses" : "initContainerStatuses", kind,
          c -> image.equals(Json.text(c, "image")) ? waiting(reason, message) : waiting("PodInitializing", null));
    }
    return pod;
  }

  /** Containers started; Ready once the readiness gates are True too. */
  static ObjectNode running(ObjectNode pod, String podIp) {
    ObjectNode status = Json.with(pod, "status");
    String now = Json.now();
    status.put("phase", "Running");
    status.put("podIP", podIp);
    status.putArray("podIPs").addObject().put("ip", podIp);
    setStatuses(pod, "initContainerStatuses", "initContainers", c -> {
      ObjectNode state = Json.object();
      ObjectNode terminated = state.putObject("terminated");
      terminated.put("exitCode", 0);
      terminated.put("reason", "Completed");
      terminated.put("startedAt", now);
      terminated.put("finishedAt", now);
      return state;
    });
    setStatuses(pod, "containerStatuses", "containers", c -> {
      ObjectNode state = Json.object();
      state.putObject("running").put("startedAt", now);
      return state;
    });
    for (JsonNode container : Json.items(status, "containerStatuses")) {
      ((ObjectNode) container).put("ready", true);
      ((ObjectNode) container).put("started", true);
    }
    for (JsonNode container : Json.items(status, "initContainerStatuses")) {
      ((ObjectNode) container).put("ready", true);
    }
    condition(status, "PodReadyToStartContainers", true, null, null);
    condition(status, "Initialized", true, null, null);
    condition(status, "ContainersReady", true, null, null);
    refreshReady(pod);
    return pod;
  }

  /** Recomputes the Ready condition from the containers and the readiness gates; null when unchanged. */
  static ObjectNode refreshReady(ObjectNode pod) {
    ObjectNode status = Json.with(pod, "status");
    JsonNode before = status.path("conditions").deepCopy();
    boolean containersReady = !containerStatuses(pod).isEmpty()
        && containerStatuses(pod).stream().allMatch(c -> c.path("ready").asBoolean(false));
    String gateProblem = null;
    for (JsonNode gate : Json.items(pod, "spec", "readinessGates")) {
      String type = Json.text(gate, "conditionType");
      JsonNode condition = find(status, type);
      if (condition == null) {
        gateProblem = "corresponding condition of pod readiness gate \"" + type + "\" does not exist.";
        break;
      }
      if (!"True".equals(Json.text(condition, "status"))) {
        gateProblem = "the status of pod readiness gate \"" + type + "\" is not \"True\", but "
            + Json.text(condition, "status");
        break;
      }
    }
    if (!containersReady) {
      condition(status, "Ready", false, "ContainersNotReady", "containers with unready status: " + names(pod, "containers"));
    } else if (gateProblem != null) {
      condition(status, "Ready", false, "ReadinessGatesNotReady", gateProblem);
    } else {
      condition(status, "Ready", true, null, null);
    }
    return before.equals(status.path("conditions")) ? null : pod;
  }

  /** The main containers exited: Succeeded (exit code 0) or Failed. */
  static ObjectNode terminate(ObjectNode pod, boolean succeeded) {
    ObjectNode status = Json.with(pod, "status");
    String now = Json.now();
    status.put("phase", succeeded ? "Succeeded" : "Failed");
    for (JsonNode container : Json.items(status, "containerStatuses")) {
      ObjectNode c = (ObjectNode) container;
      c.put("ready", false);
      c.put("started", false);
      ObjectNode terminated = c.putObject("state").putObject("terminated");
      terminated.put("exitCode", succeeded ? 0 : 1);
      terminated.put("reason", succeeded ? "Completed" : "Error");
      terminated.put("finishedAt", now);
    }
    condition(status, "ContainersReady", false, "PodCompleted", null);
    condition(status, "Ready", false, "PodCompleted", null);
    return pod;
  }

  /** The kubelet started the containers: Running, all conditions True, containers running and ready. */
  public static void running(ObjectNode pod, NodeRegistry nodes, String podIp, Instant startedAt) {
    String node = Json.text(pod, "spec", "nodeName");
    ObjectNode status = Json.with(pod, "status");
    status.put("phase", "Running");
    status.put("hostIP", nodes.internalIp(node));
    status.putArray("hostIPs").addObject().put("ip", nodes.internalIp(node));
    status.put("podIP", podIp);
    status.putArray("podIPs").addObject().put("ip", podIp);
    status.put("startTime", Json.timestamp(startedAt));
    status.put("qosClass", qosClass(pod));
    lifecycleConditions(status, true, null, null, null);
    ArrayNode containers = status.putArray("containerStatuses");
    for (JsonNode container : Json.items(pod, "spec", "containers")) {
      ObjectNode containerStatus = containerStatus(container, Json.uid(pod), true);
      containerStatus.putObject("state").putObject("running").put("startedAt", Json.timestamp(startedAt));
      containers.add(containerStatus);
    }
  }

  /** How one container ended. */
  public record ContainerExit(String name, int exitCode, String reason, String message, Instant startedAt,
      Instant finishedAt) {
  }

  /**
   * The containers exited, each as given (containers not listed never started): the pod Succeeded
   * when every exit code is 0, else Failed; Ready turns False with reason PodCompleted or
   * PodFailed, as the kubelet reports.
   */
  public static void terminated(ObjectNode pod, List<ContainerExit> exits) {
    boolean succeeded = exits.stream().allMatch(exit -> exit.exitCode() == 0);
    Instant started = exits.stream().map(ContainerExit::startedAt).min(Instant::compareTo).orElse(Instant.now());
    ObjectNode status = Json.with(pod, "status");
    status.put("phase", succeeded ? "Succeeded" : "Failed");
    if (!status.has("startTime")) {
      status.put("startTime", Json.timestamp(started));
    }
    String notReady = succeeded ? "PodCompleted" : "PodFailed";
    lifecycleConditions(status, false, succeeded ? notReady : null, notReady, null);
    ArrayNode containers = status.putArray("containerStatuses");
    for (JsonNode container : Json.items(pod, "spec", "containers")) {
      ObjectNode containerStatus = containerStatus(container, Json.uid(pod), false);
      ContainerExit exit = exits.stream().filter(e -> e.name().equals(Json.text(container, "name"))).findFirst()
          .orElse(null);
      if (exit == null) {
        ObjectNode waiting = containerStatus.putObject("state").putObject("waiting");
        waiting.put("reason", "PodInitializing");
      } else {
        ObjectNode terminated = containerStatus.putObject("state").putObject("terminated");
        terminated.put("exitCode", exit.exitCode());
        terminated.put("reason", exit.reason());
        if (exit.message() != null && !exit.message().isEmpty()) {
          terminated.put("message", exit.message());
        }
        terminated.put("startedAt", Json.timestamp(exit.startedAt()));
        terminated.put("finishedAt", Json.timestamp(exit.finishedAt()));
        terminated.put("containerID", Json.text(containerStatus, "containerID"));
      }
      containers.add(containerStatus);
    }
  }

  /** Every container exited with {@code exitCode}, as one. */
  public static void terminated(ObjectNode pod, int exitCode, String reason, String message, Instant startedAt,
      Instant finishedAt) {
    terminated(pod, Json.items(pod, "spec", "containers").stream()
        .map(c -> new ContainerExit(Json.text(c, "name"), exitCode, reason, message, startedAt, finishedAt))
        .collect(Collectors.toList()));
  }

  /** Scheduled, volumes not yet there: Pending with the containers waiting in ContainerCreating. */
  public static void containerCreating(ObjectNode pod) {
    ObjectNode status = Json.with(pod, "status");
    status.put("phase", "Pending");
    lifecycleConditions(status, false, null, "ContainersNotReady", "containers with unready status");
    ArrayNode containers = status.putArray("containerStatuses");
    for (JsonNode container : Json.items(pod, "spec", "containers")) {
      ObjectNode containerStatus = containerStatus(container, Json.uid(pod), false);
      containerStatus.putObject("state").putObject("waiting").put("reason", "ContainerCreating");
      containers.add(containerStatus);
    }
  }

  /**
   * The five conditions of a pod its kubelet placed (PodScheduled, Initialized True), all True when
   * {@code running}, else Ready and ContainersReady False with the reason and message given.
   */
  private static void lifecycleConditions(ObjectNode status, boolean running, String initializedReason,
      String notReadyReason, String notReadyMessage) {
    condition(status, "PodReadyToStartContainers", running, null, null);
    condition(status, "Initialized", true, initializedReason, null);
    condition(status, "Ready", running, notReadyReason, notReadyMessage);
    condition(status, "ContainersReady", running, notReadyReason, notReadyMessage);
    condition(status, "PodScheduled", true, null, null);
  }

  /** A container's status, ready and started when {@code running}; its state is the caller's. */
  private static ObjectNode containerStatus(JsonNode container, String podUid, boolean running) {
    ObjectNode status = Json.object();
    String name = Json.text(container, "name");
    String image = Json.textOr(container, "", "image");
    status.put("name", name);
    status.put("image", image);
    status.put("imageID", image.isEmpty() ? "" : "docker.io/library/" + image);
    status.put("containerID", "containerd://" + Integer.toHexString((podUid + "/" + name).hashCode())
        + Long.toHexString((name + podUid).hashCode() & 0xffffffffL));
    status.put("restartCount", 0);
    status.put("ready", running);
    status.put("started", running);
    return status;
  }

  private static ObjectNode pending(ObjectNode pod, String hostIp) {
    ObjectNode status = Json.with(pod, "status");
    status.put("phase", "Pending");
    if (hostIp != null) {
      status.put("hostIP", hostIp);
      status.putArray("hostIPs").addObject().put("ip", hostIp);
    }
    if (!status.has("startTime")) {
      status.put("startTime", Json.now());
    }
    status.put("qosClass", qosClass(pod));
    condition(status, "PodReadyToStartContainers", false, null, null);
    condition(status, "Ready", false, "ContainersNotReady", "containers with unready status: " + names(pod, "containers"));
    condition(status, "ContainersReady", false, "ContainersNotReady", "containers with unready status: "
        + names(pod, "containers"));
    return status;
  }

  private static ObjectNode waiting(String reason, String message) {
    ObjectNode state = Json.object();
    ObjectNode waiting = state.putObject("waiting");
    waiting.put("reason", reason);
    if (message != null) {
      waiting.put("message", message);
    }
    return state;
  }

  private static void setStatuses(ObjectNode pod, String statusField, String specField,
      java.util.function.Function<JsonNode, ObjectNode> state) {
    List<JsonNode> containers = Json.items(pod, "spec", specField);
    if (containers.isEmpty()) {
      return;
    }
    ArrayNode statuses = Json.with(pod, "status").putArray(statusField);
    for (JsonNode container : containers) {
      ObjectNode s = statuses.addObject();
      s.put("name", Json.text(container, "name"));
      s.put("image", Json.text(container, "image"));
      s.put("imageID", "");
      s.put("ready", false);
      s.put("restartCount", 0);
      s.put("started", false);
      s.set("state", state.apply(container));
    }
  }

  private static String names(JsonNode pod, String field) {
    List<String> names = new ArrayList<>();
    Json.items(pod, "spec", field).forEach(c -> names.add(Json.text(c, "name")));
    return "[" + String.join(" ", names) + "]";
  }

  private static JsonNode find(ObjectNode status, String type) {
    for (JsonNode condition : Json.items(status, "conditions")) {
      if (type.equals(Json.text(condition, "type"))) {
        return condition;
      }
    }
    return null;
  }

  /** Sets a condition; its lastTransitionTime changes only when its status does. */
  static void condition(ObjectNode status, String type, boolean value, String reason, String message) {
    ArrayNode conditions = Json.withArray(status, "conditions");
    String text = value ? "True" : "False";
    ObjectNode condition = null;
    for (JsonNode existing : conditions) {
      if (type.equals(Json.text(existing, "type"))) {
        condition = (ObjectNode) existing;
      }
    }
    if (condition == null) {
      condition = conditions.addObject();
      condition.put("type", type);
    }
    if (!text.equals(Json.text(condition, "status"))) {
      condition.put("lastTransitionTime", Json.now());
    }
    condition.put("status", text);
    condition.putNull("lastProbeTime");
    if (reason != null) {
      condition.put("reason", reason);
    } else {
      condition.remove("reason");
    }
    if (message != null) {
      condition.put("message", message);
    } else {
      condition.remove("message");
    }
  }

  private static String qosClass(JsonNode pod) {
    boolean any = false;
    boolean guaranteed = true;
    for (JsonNode container : Json.items(pod, "spec", "containers")) {
      Map<String, String> requests = Json.stringMap(container, "resources", "requests");
      Map<String, String> limits = Json.stringMap(container, "resources", "limits");
      any |= !requests.isEmpty() || !limits.isEmpty();
      for (String resource : List.of("cpu", "memory")) {
        String limit = limits.get(resource);
        String request = requests.getOrDefault(resource, limit);
        if (limit == null || !limit.equals(request)) {
          guaranteed = false;
        }
      }
    }
    return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
  }
}
