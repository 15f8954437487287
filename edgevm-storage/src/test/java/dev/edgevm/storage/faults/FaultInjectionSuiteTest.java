package dev.edgevm.storage.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.OperationFailedException;
import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.embedded.ClusterRequest;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.FaultKind;
import dev.edgevm.kubevirt.DeleteOptions;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.RetryConfig;
import dev.edgevm.storage.EdgeStorage;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stateful deploys and complete deletions while the cluster fails a seeded share of the requests:
 * 500, 503 and 429 with Retry-After, connections dropped before the server acted or after it
 * did (on the upload proxy: mid-upload, or after the upload was stored), watches ended with 410
 * Gone; at 10% and 30% every one of these kinds is applied at least once (the first upload and
 * the SDK's first watch are failed on purpose, the rest is drawn). Every operation either
 * completes or fails with one of the SDK's exceptions: a deploy that fails has undone all it did,
 * as an audit of the cluster confirms VM by VM once it has settled; a deletion that fails
 * completes when run again once the faults stop, as its message says to. Afterwards no VM,
 * instance, Secret, DataVolume, claim, pool volume or helper pod is left; no volume was pre-bound
 * to two claims or shared a node directory with another, and a watch on the volumes saw none
 * change claims while Bound, nor a claim Bound to two volumes, at any moment of the run.
 *
 * <p>One cluster per fault rate. The retry policy is short (5 attempts, 10-100 ms apart), so at
 * 30% some operations run out of attempts and the rollback is exercised; the server's Retry-After
 * (1 s) is honoured as it comes. Twenty operations run at once, so those seconds overlap.
 */
class FaultInjectionSuiteTest {

    private static final int OPERATIONS = 20;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final RetryConfig RETRY = RetryConfig.builder().maxAttempts(5)
            .backoff(Duration.ofMillis(10), Duration.ofMillis(100)).maxDuration(Duration.ofSeconds(30)).build();
    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq0Gq0u6nRkAbsu0pHf3f0eY9rDMSRCKj1MyCO5eQzB root@controller";
    private static final FaultKind[] KINDS = {FaultKind.INTERNAL_ERROR, FaultKind.SERVICE_UNAVAILABLE, FaultKind.TOO_MANY_REQUESTS,
        FaultKind.DROPPED_CONNECTION, FaultKind.DROPPED_RESPONSE, FaultKind.WATCH_GONE};
    private static final FaultRunReport REPORT = new FaultRunReport(KINDS);

    @TempDir
    Path work;

    @AfterAll
    static void printTable() {
        System.out.println("Fault injection: 20 stateful deploys and 20 deletions per fault rate; the faults the cluster injected by"
                + " kind (at 10% and 30%, the columns 410 and mid-upload include one fault of each applied on purpose)\n" + REPORT.table());
    }

    @ParameterizedTest(name = "fault rate {0}")
    @ValueSource(doubles = {0.0, 0.1, 0.3})
    void statefulDeploysAndDeletions_completeOrFailTyped_andLeaveNothingBehind(double rate) throws Exception {
        Path image = tinyImage();
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(3).seed(Math.round(rate * 100) + 1)
                .uploadProxyReadyWait(Duration.ofMillis(300)).start();
             EdgeVm edge = EdgeVm.using(cluster.client(), RETRY);
             KubernetesClient watching = cluster.newClient();
             VolumeBindingWatch bindings = new VolumeBindingWatch(watching)) {
            // A stuck cleanup should fail within the suite's budget, not after the default five minutes.
            EdgeStorage.of(edge).configure(c -> c.uploadAttempts(3).cleanupTimeout(Duration.ofSeconds(30)));

            AtomicInteger midUploadDrops = new AtomicInteger();
            AtomicInteger endedWatches = new AtomicInteger();
            injectFaults(cluster, rate);
            if (rate > 0) {
                // Whatever the rate draws, the first upload is cut short and the SDK's first watch ended with 410 Gone:
                // a few watches and uploads among many requests may well escape the rate. Each predicate counts the
                // request it picked, so the table shows that the fault was applied.
                cluster.faults().failNext(1, FaultKind.DROPPED_CONNECTION, counting(midUploadDrops, FaultInjectionSuiteTest::isUpload));
                cluster.faults().failNext(1, FaultKind.WATCH_GONE, counting(endedWatches, r -> r.watch() && r.namespace() != null));
            }
            long start = System.nanoTime();
            List<Outcome> deploys = allAtOnce(i -> () -> edge.vms().deploy(spec(i, image)));
            double deploySeconds = (System.nanoTime() - start) / 1e9;
            cluster.faults().clear(); // the audit reads through the cluster's own client, which the faults would hit too
            Map<FaultKind, Long> deployFaults = FaultRunReport.injected(cluster.faults(), Map.of());
            List<String> failedVms = deploys.stream().filter(o -> o.kind() != Outcome.Kind.COMPLETED).map(Outcome::vm).toList();
            FaultAudit.Findings afterDeploys = FaultAudit.settle(cluster, f -> f.objectsOf(failedVms).isEmpty(), WAIT);

            injectFaults(cluster, rate);
            start = System.nanoTime();
            List<Outcome> deletions = allAtOnce(i -> () -> edge.vms().withName(name(i))
                    .delete(DeleteOptions.defaults().purgeStorage(true).waitUpTo(WAIT)));
            double deleteSeconds = (System.nanoTime() - start) / 1e9;
            cluster.faults().clear();
            Map<FaultKind, Long> deleteFaults = FaultRunReport.injected(cluster.faults(), deployFaults);
            // A deletion that failed is run again once the cluster has recovered, as its caller would:
            // whatever state the failure left, deleting converges. (Under the same fault rate a
            // second failure would be as legitimate as the first, and prove nothing.)
            List<Outcome> reruns = allAtOnce(i -> deletions.get(i).kind() == Outcome.Kind.COMPLETED ? null
                    : () -> edge.vms().withName(name(i)).delete(DeleteOptions.defaults().purgeStorage(true).waitUpTo(WAIT)));
            FaultAudit.Findings afterDeletions = FaultAudit.settle(cluster, f -> f.objects().isEmpty(), WAIT);

            report(rate, deploys, deletions, reruns, deployFaults, deleteFaults, midUploadDrops.get(), afterDeploys, afterDeletions,
                    deploySeconds, deleteSeconds);
            assertThat(deploys).as("deploys: completed, or failed with a typed error").allMatch(o -> o.kind() != Outcome.Kind.UNTYPED);
            assertThat(deploys).as("deploys that failed: each says it left nothing behind")
                    .allMatch(o -> o.leftBehind().isEmpty());
            assertThat(afterDeploys.objectsOf(failedVms)).as("objects of deploys that failed").isEmpty();
            assertThat(afterDeploys.volumesOnTwoClaims()).as("volumes pre-bound to the same claim").isEmpty();
            assertThat(afterDeploys.placesUsedTwice()).as("node directories with two volumes").isEmpty();
            assertThat(deletions).as("deletions: completed, or failed with a typed error").allMatch(o -> o.kind() != Outcome.Kind.UNTYPED);
            assertThat(reruns).as("failed deletions, run again").allMatch(o -> o.kind() == Outcome.Kind.COMPLETED);
            assertThat(afterDeletions.objects()).as("objects left after every VM was deleted").isEmpty();
            assertThat(bindings.volumesSeenBound()).as("volumes the watch saw Bound").isGreaterThanOrEqualTo(count(deploys, Outcome.Kind.COMPLETED));
            assertThat(bindings.violations()).as("volumes bound to two claims at any moment of the run").isEmpty();
            if (rate == 0.0) {
                assertThat(deploys).allMatch(o -> o.kind() == Outcome.Kind.COMPLETED);
                assertThat(deletions).allMatch(o -> o.kind() == Outcome.Kind.COMPLETED);
            } else {
                Map<FaultKind, Long> all = FaultRunReport.sum(deployFaults, deleteFaults);
                assertThat(all).as("faults injected, by kind: every configured kind at least once").allSatisfy((kind, n) ->
                        assertThat(n).as(kind.name()).isPositive());
                assertThat(midUploadDrops.get()).as("uploads cut short by a dropped connection").isPositive();
                assertThat(endedWatches.get()).as("the SDK's watches ended with 410 Gone").isPositive();
            }
        }
    }

    /** {@code matching}, counting the requests it matched. */
    private static Predicate<ClusterRequest> counting(AtomicInteger count, Predicate<ClusterRequest> matching) {
        return r -> {
            boolean matches = matching.test(r);
            if (matches) {
                count.incrementAndGet();
            }
            return matches;
        };
    }

    /** A request to the upload proxy carrying an image (the proxy's requests name no API resource). */
    private static boolean isUpload(ClusterRequest request) {
        return request.resource() == null && "POST".equals(request.method()) && request.path().contains("/upload");
    }

    private static void report(double rate, List<Outcome> deploys, List<Outcome> deletions, List<Outcome> reruns,
                               Map<FaultKind, Long> deployFaults, Map<FaultKind, Long> deleteFaults, int midUploadDrops,
                               FaultAudit.Findings afterDeploys, FaultAudit.Findings afterDeletions, double deploySeconds,
                               double deleteSeconds) {
        List<String> failedVms = deploys.stream().filter(o -> o.kind() != Outcome.Kind.COMPLETED).map(Outcome::vm).toList();
        // Rolled back: failed, and the audit, once the cluster settled, finds nothing of that VM.
        int rolledBack = (int) deploys.stream().filter(o -> o.kind() == Outcome.Kind.FAILED_TYPED
                && afterDeploys.objectsOf(List.of(o.vm())).isEmpty()).count();
        REPORT.add(new FaultRunReport.Row(rate, "deploy", OPERATIONS, count(deploys, Outcome.Kind.COMPLETED),
                count(deploys, Outcome.Kind.FAILED_TYPED), rolledBack, deployFaults, midUploadDrops,
                afterDeploys.objectsOf(failedVms).size(), deploySeconds));
        REPORT.add(new FaultRunReport.Row(rate, "delete", OPERATIONS, count(deletions, Outcome.Kind.COMPLETED),
                count(deletions, Outcome.Kind.FAILED_TYPED), count(reruns, Outcome.Kind.COMPLETED) - count(deletions, Outcome.Kind.COMPLETED),
                deleteFaults, 0, afterDeletions.objects().size(), deleteSeconds));
        deploys.stream().filter(o -> o.kind() != Outcome.Kind.COMPLETED).forEach(o -> REPORT.note(rate, "deploy " + o));
        afterDeploys.objectsOf(failedVms).forEach(o -> REPORT.note(rate, "left by a failed deploy: " + o));
        afterDeletions.objects().forEach(o -> REPORT.note(rate, "left after the deletions: " + o));
        deletions.stream().filter(o -> o.kind() != Outcome.Kind.COMPLETED).forEach(o -> REPORT.note(rate, "delete " + o));
    }

    private static void injectFaults(EmbeddedEdgeCluster cluster, double rate) {
        cluster.faults().kinds(KINDS).retryAfterSeconds(1).rate(rate);
    }

    private Path tinyImage() throws java.io.IOException {
        byte[] bytes = new byte[256 * 1024];
        new Random(17).nextBytes(bytes);
        return Files.write(work.resolve("tiny.img"), bytes);
    }

    private static String name(int i) {
        return "db-" + i;
    }

    private static VmSpec spec(int i, Path image) {
        return VmSpec.builder().name(name(i)).cpuCores(1).memory("256Mi").runStrategy(RunStrategy.ALWAYS)
                .rootDisk(UploadedDisk.of(image).size("64Mi"))
                .cloudInit(c -> c.user(u -> u.name("root").sshAuthorizedKey(KEY)))
                .build();
    }

    /** Runs the operation of each of 0..19 (null: nothing to do), all at once; what became of each. */
    private static List<Outcome> allAtOnce(IntFunction<Runnable> operation) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(OPERATIONS);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < OPERATIONS; i++) {
                Runnable op = operation.apply(i);
                String vm = name(i);
                futures.add(pool.submit(() -> op == null ? new Outcome(vm, Outcome.Kind.COMPLETED, List.of(), null) : Outcome.of(vm, op)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static int count(List<Outcome> outcomes, Outcome.Kind kind) {
        return (int) outcomes.stream().filter(o -> o.kind() == kind).count();
    }

    /** What became of one operation. */
    record Outcome(String vm, Kind kind, List<String> leftBehind, Throwable failure) {

        enum Kind { COMPLETED, FAILED_TYPED, UNTYPED }

        static Outcome of(String vm, Runnable operation) {
            try {
                operation.run();
                return new Outcome(vm, Kind.COMPLETED, List.of(), null);
            } catch (OperationFailedException failed) {
                return new Outcome(vm, Kind.FAILED_TYPED, failed.leftBehind(), failed);
            } catch (EdgeVmException failed) {
                return new Outcome(vm, Kind.FAILED_TYPED, List.of(), failed);
            } catch (RuntimeException other) {
                return new Outcome(vm, Kind.UNTYPED, List.of(), other);
            }
        }

        @Override
        public String toString() {
            return vm + " " + kind + (failure == null ? "" : ": " + failure) + (leftBehind.isEmpty() ? "" : " left behind " + leftBehind);
        }
    }
}
