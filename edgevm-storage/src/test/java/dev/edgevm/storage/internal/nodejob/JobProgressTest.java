package dev.edgevm.storage.internal.nodejob;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * How a node-pinned Job's state is judged, on objects as the Job controller and the kubelet write
 * them: what is waited out and what ends the wait at once.
 */
class JobProgressTest {

    private static final long SECOND = 1_000_000_000L;
    private static final Duration GRACE = Duration.ofSeconds(120);
    private static final String IMAGE = "registry.example/tools/busybox:1.36";

    @Test
    void aCompleteOrFailedCondition_endsTheWait() {
        JobProgress progress = new JobProgress(GRACE);

        assertThat(progress.judge(job("Complete"), List.of(), List::of, 0)).isInstanceOfSatisfying(JobProgress.Finished.class,
                f -> assertThat(f.complete()).isTrue());
        assertThat(progress.judge(job("Failed"), List.of(), List::of, 0)).isInstanceOfSatisfying(JobProgress.Finished.class,
                f -> assertThat(f.complete()).isFalse());
    }

    @Test
    void errImagePull_isWaitedOut_andFailsOnlyOnceThePullHasFailedForTheWholeGrace() {
        JobProgress progress = new JobProgress(GRACE);
        Job running = job(null);

        JobProgress.Verdict first = progress.judge(running, List.of(pod("ErrImagePull", "rpc error: registry unavailable")), List::of, 0);
        JobProgress.Verdict backOff = progress.judge(running, List.of(pod("ImagePullBackOff", "Back-off pulling image")), List::of,
                60 * SECOND);
        JobProgress.Verdict late = progress.judge(running, List.of(pod("ErrImagePull", "rpc error: registry unavailable")), List::of,
                120 * SECOND);

        assertThat(first).isInstanceOfSatisfying(JobProgress.Waiting.class, w -> assertThat(w.problem()).hasValueSatisfying(p ->
                assertThat(p.why()).contains(IMAGE, "ErrImagePull", "registry unavailable")));
        assertThat(backOff).isInstanceOf(JobProgress.Waiting.class);
        assertThat(late).isInstanceOfSatisfying(JobProgress.Failed.class, f -> {
            assertThat(f.why()).contains("cannot pull image " + IMAGE, "ErrImagePull", "registry unavailable", "120 s");
            assertThat(f.obstacle()).isEqualTo(JobProgress.Obstacle.IMAGE);
        });
    }

    @Test
    void aPullThatRecovers_startsTheGraceAgain() {
        JobProgress progress = new JobProgress(GRACE);
        Job running = job(null);

        progress.judge(running, List.of(pod("ImagePullBackOff", "Back-off")), List::of, 0);
        progress.judge(running, List.of(pod(null, null)), List::of, 100 * SECOND);
        JobProgress.Verdict again = progress.judge(running, List.of(pod("ErrImagePull", "timeout")), List::of, 150 * SECOND);
        JobProgress.Verdict stillWithinGrace = progress.judge(running, List.of(pod("ImagePullBackOff", "Back-off")), List::of,
                260 * SECOND);

        assertThat(again).isInstanceOf(JobProgress.Waiting.class);
        assertThat(stillWithinGrace).isInstanceOf(JobProgress.Waiting.class);
    }

    @Test
    void anImageThatCanNeverBeUsed_failsAtOnce() {
        JobProgress progress = new JobProgress(GRACE);

        JobProgress.Verdict verdict = progress.judge(job(null), List.of(pod("InvalidImageName", "couldn't parse image name")),
                List::of, 0);

        assertThat(verdict).isInstanceOfSatisfying(JobProgress.Failed.class, f -> assertThat(f.why()).contains("InvalidImageName"));
    }

    @Test
    void aJobThePodSecurityAdmissionRefusesPodsTo_failsAtOnce_withTheControllersMessage() {
        JobProgress progress = new JobProgress(GRACE);
        String refused = "Error creating: pods \"edgevm-wipe-node01-abcde-x1y2z\" is forbidden: violates PodSecurity"
                + " \"baseline:latest\": hostPath volumes (volume \"dir-0\")";

        JobProgress.Verdict verdict = progress.judge(job(null), List.of(), () -> List.of(event("SuccessfulCreate", "ignored"),
                event("FailedCreate", refused)), 0);

        assertThat(verdict).isInstanceOfSatisfying(JobProgress.Failed.class, f -> {
            assertThat(f.why()).contains("could not create its pod", "PodSecurity", "hostPath");
            assertThat(f.obstacle()).isEqualTo(JobProgress.Obstacle.POD_REFUSED);
        });
    }

    @Test
    void aJobWithoutPodsOrWithAPassingFailure_isWaitedFor_andEventsAreReadOnlyWhileThereIsNoPod() {
        JobProgress progress = new JobProgress(GRACE);
        AtomicInteger reads = new AtomicInteger();

        JobProgress.Verdict noPodYet = progress.judge(job(null), List.of(), () -> {
            reads.incrementAndGet();
            return List.of();
        }, 0);
        JobProgress.Verdict transient_ = progress.judge(job(null), List.of(),
                () -> List.of(event("FailedCreate", "Error creating: Timeout: request did not complete within requested timeout")), 0);
        progress.judge(job(null), List.of(pod(null, null)), () -> {
            reads.incrementAndGet();
            return List.of();
        }, 0);

        assertThat(noPodYet).isInstanceOfSatisfying(JobProgress.Waiting.class, w -> assertThat(w.problem()).isEmpty());
        assertThat(transient_).isInstanceOfSatisfying(JobProgress.Waiting.class, w -> assertThat(w.problem())
                .hasValueSatisfying(p -> assertThat(p.why()).contains("Timeout")));
        assertThat(reads).hasValue(1);
    }

    private static Job job(String condition) {
        JobBuilder b = new JobBuilder().withNewMetadata().withName("edgevm-wipe-node01-abcde").withNamespace("default")
                .withUid("job-uid").endMetadata().withNewStatus().withActive(condition == null ? 1 : 0).endStatus();
        if (condition != null) {
            b.editStatus().addNewCondition().withType(condition).withStatus("True").endCondition().endStatus();
        }
        return b.build();
    }

    private static Pod pod(String waitingReason, String message) {
        ContainerStatusBuilder status = new ContainerStatusBuilder().withName("wipe").withImage(IMAGE);
        if (waitingReason == null) {
            status.withNewState().withNewRunning().endRunning().endState();
        } else {
            status.withNewState().withNewWaiting().withReason(waitingReason).withMessage(message).endWaiting().endState();
        }
        return new PodBuilder().withNewMetadata().withName("edgevm-wipe-node01-abcde-x1y2z").endMetadata()
                .withNewSpec().addNewContainer().withName("wipe").withImage(IMAGE).endContainer().endSpec()
                .withNewStatus().addToContainerStatuses(status.build()).endStatus().build();
    }

    private static Event event(String reason, String message) {
        return new EventBuilder().withReason(reason).withMessage(message).withType("Warning")
                .withNewInvolvedObject().withKind("Job").withName("edgevm-wipe-node01-abcde").withUid("job-uid").endInvolvedObject()
                .build();
    }
}
