package dev.edgevm.storage.internal.nodejob;

import dev.edgevm.core.ConflictException;
import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.WaitTimeoutException;
import dev.edgevm.kubevirt.EdgeVmLabels;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.internal.await.Await;
import dev.edgevm.storage.internal.nodes.Hostnames;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work on a node's directories, as a Job pinned to the node (node selector on its hostname,
 * tolerating every taint, running as root on the directories it mounts from the host): no data
 * leaves the node. Waits until the Job completes, failing fast when it cannot get anywhere (see
 * {@link JobProgress}), hands the containers' output to the caller, then deletes the Job and its
 * pods and waits until they are gone. Containers of one pod run side by side on a real cluster, so
 * work that must happen in order takes one Job per step.
 */
public final class NodeJob {

    private static final Logger LOG = LoggerFactory.getLogger(NodeJob.class);
    private static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
    private static final String PURPOSE_LABEL = "edgevm.dev/node-job";
    private static final String ID_ANNOTATION = "edgevm.dev/node-job-id";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int LOG_TAIL = 2000;
    /** How long the Job and its pods may take to go once deleted. */
    private static final Duration DELETE_TIMEOUT = Duration.ofMinutes(2);

    /** A directory of the node mounted into the containers; {@code create} makes it when missing. */
    public record Mount(String hostPath, String mountPath, boolean create) {}

    /** One container: its name and command line (no shell). */
    public record Step(String name, List<String> command) {}

    /**
     * What to run where. {@code purpose} names the Job ({@code edgevm-<purpose>-<node>-xxxxx}) and
     * labels it; {@code deadline} is its {@code activeDeadlineSeconds} (its pods are killed then);
     * {@code pullGrace} is how long its pod may keep failing to pull the image before the Job is given
     * up; {@code imageHint} is the fix when the image cannot be used, e.g. "set StorageConfig.jobImage
     * to an image the node can pull that provides rm"; {@code labels} and {@code owners} go onto the Job.
     */
    public record Spec(String namespace, String node, String hostname, String purpose, String image, String imageHint,
                       Duration deadline, Duration pullGrace, int retries, List<Mount> mounts, List<Step> steps, Map<String, String> labels,
                       List<OwnerReference> owners) {}

    /** The output of the finished Job's containers, read on demand. */
    public interface Output {
        String log(String step);
    }

    private final ClusterAccess cluster;
    private final Await await;

    public NodeJob(ClusterAccess cluster) {
        this.cluster = cluster;
        this.await = new Await(cluster);
    }

    /** The hostname label of a node by its name, for {@link Spec#hostname()}. */
    public String hostnameOf(String node) {
        var found = cluster.call("get", ObjectRef.clusterScoped("Node", node), () -> cluster.client().nodes().withName(node).get());
        if (found == null) {
            throw new EdgeVmException("node " + node + " does not exist (any more): the directories on it cannot be reached");
        }
        return Hostnames.of(found);
    }

    /**
     * Runs the Job; once it completed, {@code onComplete} reads what it needs of the output.
     *
     * @param what what the Job does, for messages, e.g. "wiping /var/vd/vol3"
     * @throws EdgeVmException naming the node, the step and what it printed when a container fails,
     *         or the pod, image or event and the fix when the Job cannot start
     */
    public <T> T run(Spec spec, String what, Function<Output, T> onComplete) {
        Job job = render(spec);
        String name = job.getMetadata().getName();
        String namespace = spec.namespace();
        boolean failed = true;
        try {
            create(job); // inside the try: a create whose answer was lost may still have made the Job
            JobCondition condition = awaitFinished(spec, name, what);
            if (!"Complete".equals(condition.getType())) {
                throw new EdgeVmException(what + " on node " + spec.node() + " failed: " + condition.getReason()
                        + (condition.getMessage() == null ? "" : " (" + condition.getMessage() + ")")
                        + podFailure(namespace, name).map(p -> "; " + p).orElse(""));
            }
            T result = onComplete.apply(step -> log(namespace, name, step));
            failed = false;
            return result;
        } finally {
            try {
                delete(namespace, name);
            } catch (RuntimeException e) {
                if (failed || !spec.owners().isEmpty()) {
                    // Not to hide why the Job failed; a Job with owners goes with them in any case.
                    LOG.warn("Job {}/{} not deleted ({})", namespace, name, e.getMessage());
                } else {
                    throw e;
                }
            }
        }
    }

    private JobCondition awaitFinished(Spec spec, String name, String what) {
        String namespace = spec.namespace();
        JobProgress progress = new JobProgress(spec.pullGrace());
        AtomicReference<JobProgress.Failed> problem = new AtomicReference<>();
        Duration wait = spec.deadline().plusMinutes(1); // the Job's own DeadlineExceeded comes first
        try {
            return await.until("Job " + namespace + "/" + name + " (" + what + " on " + spec.node() + ")", wait, Job.class,
                    namespace, name, cached -> {
                        if (cached.isEmpty()) {
                            return Await.Outcome.waiting("not seen yet");
                        }
                        JobProgress.Verdict verdict = progress.judge(cached.get(), pods(namespace, name),
                                () -> events(namespace, cached.get()), System.nanoTime());
                        if (verdict instanceof JobProgress.Finished finished) {
                            return Await.Outcome.success(finished.condition());
                        }
                        if (verdict instanceof JobProgress.Failed failure) {
                            return Await.Outcome.failure(cannotStart(spec, what, failure, ""));
                        }
                        JobProgress.Waiting waiting = (JobProgress.Waiting) verdict;
                        problem.set(waiting.problem().orElse(null));
                        return Await.Outcome.waiting(waiting.state() + waiting.problem().map(p -> "; " + p.why()).orElse(""));
                    });
        } catch (WaitTimeoutException timedOut) {
            JobProgress.Failed seen = problem.get();
            if (seen == null) {
                throw timedOut;
            }
            throw cannotStart(spec, what, seen, " until the wait of " + wait.toSeconds() + " s ended");
        }
    }

    private static EdgeVmException cannotStart(Spec spec, String what, JobProgress.Failed why, String how) {
        String fix = why.obstacle() == JobProgress.Obstacle.POD_REFUSED
                ? "the Job needs hostPath volumes and root on the node; allow them in namespace " + spec.namespace()
                        + " (e.g. label it pod-security.kubernetes.io/enforce=privileged) or run the Jobs in a namespace that does"
                : spec.imageHint() + " (now " + spec.image() + ")";
        return new EdgeVmException(what + " on node " + spec.node() + " cannot start: " + why.why() + how + "; " + fix);
    }

    private void create(Job job) {
        ObjectRef ref = ObjectRef.of("Job", job.getMetadata().getNamespace(), job.getMetadata().getName());
        try {
            cluster.run("create", ref, () -> cluster.client().batch().v1().jobs().inNamespace(ref.namespace()).resource(job).create());
        } catch (ConflictException exists) {
            // A retried create whose first attempt reached the server: ours if it carries our id.
            Job current = cluster.call("get", ref, () -> cluster.client().batch().v1().jobs().inNamespace(ref.namespace())
                    .withName(ref.name()).get());
            String id = job.getMetadata().getAnnotations().get(ID_ANNOTATION);
            if (current == null || current.getMetadata().getAnnotations() == null
                    || !id.equals(current.getMetadata().getAnnotations().get(ID_ANNOTATION))) {
                throw exists;
            }
        }
    }

    private String log(String namespace, String job, String step) {
        Pod pod = pods(namespace, job).stream()
                .filter(p -> p.getStatus() != null && "Succeeded".equals(p.getStatus().getPhase()))
                .findFirst().orElseThrow(() -> new EdgeVmException("Job " + namespace + "/" + job + " completed without a succeeded pod"));
        String podName = pod.getMetadata().getName();
        return cluster.call("read log of", ObjectRef.of("Pod", namespace, podName), () -> cluster.client().pods()
                .inNamespace(namespace).withName(podName).inContainer(step).getLog());
    }

    /** Deletes the Job and waits for it and its pods to go, so nothing of the work stays behind. */
    private void delete(String namespace, String name) {
        boolean interrupted = Thread.interrupted(); // clean-up of a cancelled run must still happen
        try {
            ObjectRef ref = ObjectRef.of("Job", namespace, name);
            List<Pod> pods = pods(namespace, name);
            cluster.run("delete", ref, () -> cluster.client().batch().v1().jobs().inNamespace(namespace).withName(name)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete());
            await.gone("Job " + namespace + "/" + name + " to be deleted", DELETE_TIMEOUT, Job.class, namespace, name,
                    () -> cluster.call("get", ref, () -> cluster.client().batch().v1().jobs().inNamespace(namespace).withName(name).get()));
            for (Pod pod : pods) {
                String podName = pod.getMetadata().getName();
                ObjectRef podRef = ObjectRef.of("Pod", namespace, podName);
                await.gone("pod " + namespace + "/" + podName + " to be deleted", DELETE_TIMEOUT, Pod.class, namespace, podName,
                        () -> cluster.call("get", podRef, () -> cluster.client().pods().inNamespace(namespace).withName(podName).get()));
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private List<Pod> pods(String namespace, String job) {
        return cluster.call("list", ObjectRef.of("Pod", namespace, null), () -> cluster.client().pods()
                .inNamespace(namespace).withLabel(JOB_NAME_LABEL, job).list().getItems());
    }

    /** The Job's events: the Job controller says there why it could not create a pod. */
    private List<Event> events(String namespace, Job job) {
        String uid = job.getMetadata().getUid();
        return cluster.call("list", ObjectRef.of("Event", namespace, null), () -> cluster.client().v1().events()
                        .inNamespace(namespace).withField("involvedObject.kind", "Job")
                        .withField("involvedObject.name", job.getMetadata().getName()).list().getItems())
                .stream().filter(e -> uid == null || e.getInvolvedObject() == null || e.getInvolvedObject().getUid() == null
                        || uid.equals(e.getInvolvedObject().getUid()))
                .toList();
    }

    static Job render(Spec spec) {
        String suffix = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
        suffix = suffix.substring(0, Math.min(5, suffix.length()));
        String prefix = "edgevm-" + spec.purpose() + "-";
        String nodePart = spec.node().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        nodePart = nodePart.substring(0, Math.min(nodePart.length(), 63 - prefix.length() - 1 - suffix.length()));
        String name = (prefix + nodePart).replaceAll("-+$", "") + "-" + suffix;
        PodSpecBuilder pod = new PodSpecBuilder()
                .withRestartPolicy("Never")
                .withTerminationGracePeriodSeconds(1L) // killed at the deadline without delay: nothing to flush
                .withNodeSelector(Map.of(Hostnames.LABEL, spec.hostname()))
                .addNewToleration().withOperator("Exists").endToleration();
        for (int i = 0; i < spec.mounts().size(); i++) {
            Mount mount = spec.mounts().get(i);
            pod.addNewVolume().withName("dir-" + i).withNewHostPath().withPath(mount.hostPath())
                    .withType(mount.create() ? "DirectoryOrCreate" : null).endHostPath().endVolume();
        }
        for (Step step : spec.steps()) {
            ContainerBuilder container = new ContainerBuilder().withName(step.name()).withImage(spec.image())
                    .withCommand(step.command())
                    .withNewSecurityContext().withRunAsUser(0L).withRunAsGroup(0L).endSecurityContext();
            for (int i = 0; i < spec.mounts().size(); i++) {
                container.addNewVolumeMount().withName("dir-" + i).withMountPath(spec.mounts().get(i).mountPath()).endVolumeMount();
            }
            pod.addToContainers(container.build());
        }
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.put(EdgeVmLabels.MANAGED_BY, EdgeVmLabels.MANAGED_BY_VALUE);
        labels.put(PURPOSE_LABEL, spec.purpose());
        return new JobBuilder()
                .withNewMetadata().withName(name).withNamespace(spec.namespace()).withLabels(labels)
                .withOwnerReferences(spec.owners())
                .addToAnnotations(ID_ANNOTATION, UUID.randomUUID().toString()).endMetadata()
                .withNewSpec().withBackoffLimit(spec.retries()).withActiveDeadlineSeconds(Math.max(1, spec.deadline().toSeconds()))
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withSpec(pod.build()).endTemplate()
                .endSpec()
                .build();
    }

    /** The failed container of the Job's pod, with the end of what it printed. */
    private Optional<String> podFailure(String namespace, String job) {
        for (Pod pod : pods(namespace, job)) {
            if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
                continue;
            }
            for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
                ContainerStateTerminated t = s.getState() == null ? null : s.getState().getTerminated();
                if (t != null && t.getExitCode() != null && t.getExitCode() != 0) {
                    String log = tail(namespace, pod.getMetadata().getName(), s.getName());
                    return Optional.of("step " + s.getName() + " exited with " + t.getExitCode() + " (" + t.getReason()
                            + (t.getMessage() == null ? "" : ": " + t.getMessage()) + ")"
                            + (log.isBlank() ? "" : ", printing: " + log.strip()));
                }
            }
        }
        return Optional.empty();
    }

    private String tail(String namespace, String pod, String container) {
        try {
            String log = cluster.client().pods().inNamespace(namespace).withName(pod).inContainer(container).getLog();
            return log == null ? "" : log.length() <= LOG_TAIL ? log : "..." + log.substring(log.length() - LOG_TAIL);
        } catch (RuntimeException unreadable) {
            return "";
        }
    }
}
