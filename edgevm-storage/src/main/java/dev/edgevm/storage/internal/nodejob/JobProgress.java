package dev.edgevm.storage.internal.nodejob;

import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Judges how a node-pinned Job is getting on, from the Job, its pods and (only while it has no pod)
 * its events. Kept apart from the waiting so each rule can be checked on objects made by hand:
 *
 * <ul>
 *   <li>Complete or Failed condition: done.</li>
 *   <li>A container that can never start (InvalidImageName, ErrImageNeverPull,
 *       CreateContainerConfigError): failed at once.</li>
 *   <li>ErrImagePull and ImagePullBackOff: kubelets report them for a registry that is briefly
 *       down too, so they are waited out; failed once a pod has failed to pull for
 *       the Job's pull grace without a break, naming the image and what the kubelet said.</li>
 *   <li>No pod, and a {@code FailedCreate} event saying the API server forbade it (a namespace's
 *       PodSecurity level that does not allow hostPath volumes, a quota): failed at once with the
 *       event's message. Without events saying so, a Job without a pod is waited for.</li>
 * </ul>
 */
final class JobProgress {

    private static final Set<String> NEVER_STARTS = Set.of("InvalidImageName", "ErrImageNeverPull", "CreateContainerConfigError");
    private static final Set<String> PULL_FAILURES = Set.of("ErrImagePull", "ImagePullBackOff");

    private final Duration pullGrace;
    /** When each pod (by name) was first seen failing to pull, in {@code System.nanoTime} terms. */
    private final Map<String, Long> pullFailingSince = new HashMap<>();

    JobProgress(Duration pullGrace) {
        this.pullGrace = pullGrace;
    }

    /** What one look at the Job concluded. */
    sealed interface Verdict permits Finished, Failed, Waiting {}

    /** The Job has its Complete or Failed condition. */
    record Finished(JobCondition condition) implements Verdict {
        boolean complete() {
            return "Complete".equals(condition.getType());
        }
    }

    /** What keeps a Job from starting: its image, or the API server refusing its pod. */
    enum Obstacle { IMAGE, POD_REFUSED }

    /** It will not get anywhere by itself: {@code why} names the pod or event and what it said. */
    record Failed(String why, Obstacle obstacle) implements Verdict {}

    /** Not yet; {@code holdUp} (null: nothing) is what holds it up, reported when the wait times out. */
    record Waiting(String state, Failed holdUp) implements Verdict {

        Optional<Failed> problem() {
            return Optional.ofNullable(holdUp);
        }
    }

    /**
     * @param events the Job's events, read only when it has no pod
     * @param now {@code System.nanoTime()}
     */
    Verdict judge(Job job, List<Pod> pods, Supplier<List<Event>> events, long now) {
        Optional<JobCondition> finished = finishedCondition(job);
        if (finished.isPresent()) {
            return new Finished(finished.get());
        }
        if (pods.isEmpty()) {
            return judgeWithoutPods(job, events.get());
        }
        Optional<Failed> pulling = Optional.empty();
        for (Pod pod : pods) {
            String podName = pod.getMetadata().getName();
            Optional<ContainerStatus> stuck = stuckContainer(pod);
            ContainerStateWaiting waiting = stuck.map(s -> s.getState().getWaiting()).orElse(null);
            String reason = waiting == null || waiting.getReason() == null ? "" : waiting.getReason();
            if (NEVER_STARTS.contains(reason)) {
                return new Failed("pod " + podName + " cannot start: " + reason + message(waiting), Obstacle.IMAGE);
            }
            if (!PULL_FAILURES.contains(reason)) {
                pullFailingSince.remove(podName);
                continue;
            }
            long since = pullFailingSince.computeIfAbsent(podName, p -> now);
            String problem = "pod " + podName + " cannot pull image " + image(pod, stuck.get()) + ": " + reason + message(waiting);
            if (now - since >= pullGrace.toNanos()) {
                return new Failed(problem + ", for " + Duration.ofNanos(now - since).toSeconds() + " s", Obstacle.IMAGE);
            }
            pulling = Optional.of(new Failed(problem, Obstacle.IMAGE));
        }
        return new Waiting(state(job), pulling.orElse(null));
    }

    private static Verdict judgeWithoutPods(Job job, List<Event> events) {
        Optional<Event> refused = events.stream()
                .filter(e -> "FailedCreate".equals(e.getReason()) && e.getMessage() != null)
                .max(Comparator.comparing(e -> e.getLastTimestamp() == null ? "" : e.getLastTimestamp()));
        if (refused.isEmpty()) {
            return new Waiting(state(job) + ", no pod yet", null);
        }
        String message = refused.get().getMessage();
        if (message.contains("forbidden")) {
            return new Failed("the Job could not create its pod: " + message, Obstacle.POD_REFUSED);
        }
        return new Waiting(state(job) + ", no pod yet", new Failed("the Job could not create its pod yet: " + message,
                Obstacle.POD_REFUSED));
    }

    static Optional<JobCondition> finishedCondition(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> "True".equals(c.getStatus()) && ("Complete".equals(c.getType()) || "Failed".equals(c.getType())))
                .findFirst();
    }

    /** The first container that waits for a reason this class judges. */
    private static Optional<ContainerStatus> stuckContainer(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(s -> s.getState() != null && s.getState().getWaiting() != null && s.getState().getWaiting().getReason() != null)
                .filter(s -> NEVER_STARTS.contains(s.getState().getWaiting().getReason())
                        || PULL_FAILURES.contains(s.getState().getWaiting().getReason()))
                .findFirst();
    }

    private static String image(Pod pod, ContainerStatus status) {
        if (status.getImage() != null && !status.getImage().isBlank()) {
            return status.getImage();
        }
        return pod.getSpec() == null || pod.getSpec().getContainers() == null ? "?" : pod.getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(status.getName())).map(c -> c.getImage()).findFirst().orElse("?");
    }

    private static String message(ContainerStateWaiting waiting) {
        return waiting.getMessage() == null || waiting.getMessage().isBlank() ? "" : " (" + waiting.getMessage() + ")";
    }

    private static String state(Job job) {
        if (job.getStatus() == null) {
            return "no status yet";
        }
        return "active " + job.getStatus().getActive() + ", succeeded " + job.getStatus().getSucceeded()
                + ", failed " + job.getStatus().getFailed();
    }
}
