package dev.edgevm.embedded.internal.jobs;

import dev.edgevm.embedded.internal.api.ApiException;
import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.api.ObjectEvent;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.events.EventRecorder;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.runtime.ControllerLoop;
import dev.edgevm.embedded.internal.runtime.ObjectRef;
import dev.edgevm.embedded.internal.runtime.SeededRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' Job controller for non-indexed Jobs: labels and selector as the API server sets
 * them, pods {@code <job>-xxxxx} from the template up to {@code parallelism}, replacements for
 * failed pods until {@code backoffLimit} (default 6) is passed, and status with active, ready,
 * succeeded and failed counts, start and completion times and the Complete or Failed condition
 * (BackoffLimitExceeded, DeadlineExceeded). Failed pods are replaced at once, without backoff. A
 * pod the API server refuses (a namespace's Pod Security level, ...) is a {@code FailedCreate}
 * warning on the Job ({@code Error creating: <the refusal>}), tried again after 1 s, 2 s, ... up
 * to a minute, as the controller's API back-off does; the Job waits, without a condition.
 */
final class JobController {

  static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
  static final String JOB_NAME = "batch.kubernetes.io/job-name";

  private static final EventRecorder.Source SOURCE = new EventRecorder.Source("job-controller", null);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration MAX_RETRY = Duration.ofMinutes(1);

  private final ClusterApi api;
  private final SeededRandom random;
  private final EventRecorder events;
  /** Pod creations refused in a row, per Job. */
  private final Map<ObjectRef, Integer> refusals = new ConcurrentHashMap<>();
  private ControllerLoop<ObjectRef> loop;

  JobController(ClusterApi api, SeededRandom random, EventRecorder events) {
    this.api = api;
    this.random = random;
    this.events = events;
  }

  void start(ClusterContext context) {
    loop = context.controller("job-controller", this::reconcile);
    context.subscribe(CoreTypes.JOBS, event -> {
      if (event.type() != ObjectEvent.Type.DELETED) {
        loop.enqueue(new ObjectRef(event.namespace(), event.name()));
      } else {
        refusals.remove(new ObjectRef(event.namespace(), event.name()));
      }
    });
    context.subscribe(CoreTypes.PODS, event -> Json.items(event.latest().view(), "metadata", "ownerReferences")
        .stream().filter(owner -> "Job".equals(Json.text(owner, "kind")))
        .forEach(owner -> loop.enqueue(new ObjectRef(event.namespace(), Json.text(owner, "name")))));
  }

  private void reconcile(ObjectRef ref) {
    ObjectNode job = api.get(CoreTypes.JOBS, ref.namespace(), ref.name()).orElse(null);
    if (job == null || Json.deleting(job)) {
      return;
    }
    String uid = Json.uid(job);
    if (!Json.stringMap(job, "spec", "selector", "matchLabels").containsKey(CONTROLLER_UID)) {
      api.update(CoreTypes.JOBS, ref.namespace(), ref.name(), current -> {
        Json.with(current, "spec", "selector", "matchLabels").put(CONTROLLER_UID, uid);
        ObjectNode labels = Json.with(current, "spec", "template", "metadata", "labels");
        labels.put(CONTROLLER_UID, uid);
        labels.put(JOB_NAME, ref.name());
        labels.put("controller-uid", uid);
        labels.put("job-name", ref.name());
        return current;
      });
      return;
    }
    if (finished(job)) {
      return;
    }
    List<ObjectNode> pods = api.list(CoreTypes.PODS, ref.namespace(), pod ->
        Json.items(pod, "metadata", "ownerReferences").stream().anyMatch(o -> uid.equals(Json.text(o, "uid"))));
    int succeeded = count(pods, "Succeeded");
    int failed = count(pods, "Failed");
    List<ObjectNode> active = pods.stream().filter(p -> !Json.deleting(p) && !"Succeeded".equals(phase(p))
        && !"Failed".equals(phase(p))).toList();
    int ready = (int) active.stream().filter(JobController::podReady).count();
    int completions = (int) Json.number(job, 1, "spec", "completions");
    int parallelism = (int) Json.number(job, 1, "spec", "parallelism");
    int backoffLimit = (int) Json.number(job, 6, "spec", "backoffLimit");
    long deadlineSeconds = Json.number(job, -1, "spec", "activeDeadlineSeconds");
    Instant startTime = Json.text(job, "status", "startTime") == null ? Instant.now()
        : Instant.parse(Json.text(job, "status", "startTime"));

    String condition = null;
    String reason = null;
    String message = null;
    if (failed > backoffLimit) {
      condition = "Failed";
      reason = "BackoffLimitExceeded";
      message = "Job has reached the specified backoff limit";
    } else if (succeeded >= completions) {
      condition = "Complete";
    } else if (deadlineSeconds > 0 && Instant.now().isAfter(startTime.plusSeconds(deadlineSeconds))) {
      condition = "Failed";
      reason = "DeadlineExceeded";
      message = "Job was active longer than specified deadline";
    }
    if ("Failed".equals(condition)) {
      active.forEach(pod -> api.delete(CoreTypes.PODS, ref.namespace(), Json.name(pod)));
    }
    int created = 0;
    if (condition == null) {
      int wanted = Math.min(parallelism, completions - succeeded) - active.size();
      while (created < wanted && createPod(ref, job)) {
        created++;
      }
      if (deadlineSeconds > 0) {
        loop.enqueueAfter(ref, Duration.between(Instant.now(), startTime.plusSeconds(deadlineSeconds)).plusMillis(50));
      }
    }
    writeStatus(ref, startTime, condition == null ? active.size() + created : 0, ready, succeeded, failed, condition,
        reason, message);
  }

  private void writeStatus(ObjectRef ref, Instant startTime, int active, int ready, int succeeded, int failed,
      String condition, String reason, String message) {
    api.updateStatus(CoreTypes.JOBS, ref.namespace(), ref.name(), current -> {
      ObjectNode status = Json.with(current, "status");
      if (!status.has("startTime")) {
        status.put("startTime", Json.timestamp(startTime));
      }
      putCount(status, "active", active);
      status.put("ready", ready);
      putCount(status, "succeeded", succeeded);
      putCount(status, "failed", failed);
      status.put("terminating", 0);
      status.putObject("uncountedTerminatedPods");
      if (condition != null) {
        String now = Json.now();
        if ("Complete".equals(condition)) {
          status.put("completionTime", now);
        }
        ArrayNode conditions = Json.withArray(status, "conditions");
        ObjectNode c = conditions.addObject();
        c.put("type", condition);
        c.put("status", "True");
        c.put("lastProbeTime", now);
        c.put("lastTransitionTime", now);
        if (reason != null) {
          c.put("reason", reason);
          c.put("message", message);
        }
      }
      return current;
    });
  }

  private static void putCount(ObjectNode status, String field, int value) {
    if (value > 0) {
      status.put(field, value);
    } else {
      status.remove(field);
    }
  }

  /** Creates one pod of the Job; false when the API server refused it (recorded, tried again later). */
  private boolean createPod(ObjectRef ref, JsonNode job) {
    try {
      api.create(CoreTypes.PODS, podOf(job));
      refusals.remove(ref);
      return true;
    } catch (ApiException refused) {
      events.warning(job, SOURCE, "FailedCreate", "Error creating: " + refused.statusMessage());
      int times = refusals.merge(ref, 1, Integer::sum);
      Duration retry = FIRST_RETRY.multipliedBy(1L << Math.min(times - 1, 6));
      loop.enqueueAfter(ref, retry.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry);
      return false;
    }
  }

  private ObjectNode podOf(JsonNode job) {
    ObjectNode template = (ObjectNode) Json.at(job, "spec", "template").deepCopy();
    ObjectNode pod = Json.object();
    pod.put("apiVersion", "v1");
    pod.put("kind", "Pod");
    ObjectNode metadata = Json.with(template, "metadata").deepCopy();
    String name = Json.name(job) + "-" + random.nameSuffix("job-pod:" + Json.namespace(job) + "/" + Json.name(job));
    metadata.put("name", name);
    metadata.put("generateName", Json.name(job) + "-");
    metadata.put("namespace", Json.namespace(job));
    ObjectNode owner = metadata.putArray("ownerReferences").addObject();
    owner.put("apiVersion", "batch/v1");
    owner.put("kind", "Job");
    owner.put("name", Json.name(job));
    owner.put("uid", Json.uid(job));
    owner.put("controller", true);
    owner.put("blockOwnerDeletion", true);
    pod.set("metadata", metadata);
    pod.set("spec", Json.with(template, "spec"));
    return pod;
  }

  private static boolean finished(JsonNode job) {
    return Json.items(job, "status", "conditions").stream().anyMatch(c ->
        ("Complete".equals(Json.text(c, "type")) || "Failed".equals(Json.text(c, "type")))
            && "True".equals(Json.text(c, "status")));
  }

  private static int count(List<ObjectNode> pods, String phase) {
    return (int) pods.stream().filter(p -> phase.equals(phase(p))).count();
  }

  private static String phase(JsonNode pod) {
    return Json.text(pod, "status", "phase");
  }

  private static boolean podReady(JsonNode pod) {
    return Json.items(pod, "status", "conditions").stream().anyMatch(c ->
        "Ready".equals(Json.text(c, "type")) && Objects.equals("True", Json.text(c, "status")));
  }
}
