package dev.edgevm.storage.pool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.OperationFailedException;
import dev.edgevm.core.Quantity;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.FaultKind;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.RetryConfig;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.internal.await.Await;
import dev.edgevm.storage.pool.ClaimRef;
import dev.edgevm.storage.pool.PoolVolume;
import dev.edgevm.storage.pool.ReleaseResult;
import dev.edgevm.storage.pool.VolumeOwner;
import dev.edgevm.storage.pool.VolumePool;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Releases of the same volumes at once, by clients that know nothing of each other: only the
 * holder of a volume's lease wipes and deletes it, and nobody touches a volume of the same name
 * allocated since.
 */
class VolumeReleaseTest {

    private static final Quantity SIZE = Quantity.parse("1Gi");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private EmbeddedEdgeCluster cluster;
    private EdgeVm edge;
    private VolumePool pool;
    private final List<AutoCloseable> closeLater = new ArrayList<>();

    @BeforeEach
    void start() {
        cluster = EmbeddedEdgeCluster.builder().nodes(2).seed(12).start();
        edge = EdgeVm.using(cluster.client());
        pool = EdgeStorage.of(edge).pool();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeLater) {
            c.close();
        }
        edge.close();
        cluster.close();
    }

    @Test
    void aVolumeAnotherClientIsReleasing_isLeftToIt_andItsSuccessorIsNeverTouched() throws Exception {
        PoolVolume old = pool.allocate("node01", VolumeOwner.of("default", "old-vm"), SIZE, ClaimRef.of("default", "old-dv"));
        // Another client holds the lease: it is wiping the volume right now.
        lease(old.name(), "other-client", Instant.now().plusSeconds(600));
        cluster.requests().reset();

        CompletableFuture<ReleaseResult> second = CompletableFuture.supplyAsync(() -> pool.release(List.of(old)));
        // The other client finishes: it deletes the volume, and the number is handed out again at once.
        cluster.client().persistentVolumes().withName(old.name()).delete();
        cluster.client().persistentVolumes().withName(old.name()).waitUntilCondition(pv -> pv == null
                || !pv.getMetadata().getUid().equals(old.uid().orElseThrow()), 30, TimeUnit.SECONDS);
        // The pool picks free numbers from its client's informer: once that shows the number free, it is handed out again.
        new Await((ClusterAccess) edge).until("the pool's informer to show " + old.name() + " gone", WAIT, PersistentVolume.class, null,
                old.name(), cached -> cached.filter(pv -> pv.getMetadata().getUid().equals(old.uid().orElseThrow())).isEmpty()
                        ? Await.Outcome.success(Boolean.TRUE) : Await.Outcome.waiting("still shown"));
        PoolVolume successor = pool.allocate("node01", VolumeOwner.of("default", "new-vm"), SIZE, ClaimRef.of("default", "new-dv"));
        assertThat(successor.name()).isEqualTo(old.name());
        Path newDisk = Files.createDirectories(cluster.nodeRoot("node01").resolve(successor.path().substring(1))).resolve("disk.img");
        Files.write(newDisk, new byte[] {1, 2, 3});

        ReleaseResult result = second.get(2, TimeUnit.MINUTES);

        assertThat(result.released()).containsExactly(old.name());
        assertThat(newDisk).as("the new owner's disk").exists();
        PersistentVolume current = cluster.client().persistentVolumes().withName(old.name()).get();
        assertThat(current.getMetadata().getUid()).isEqualTo(successor.uid().orElseThrow());
        assertThat(cluster.requests().count(r -> r.isFor("jobs") && "POST".equals(r.method()))).as("wipe Jobs").isZero();
        assertThat(cluster.requests().count(r -> r.isFor("persistentvolumes") && "DELETE".equals(r.method())))
                .as("deletes sent by the second releaser, besides the test's own").isEqualTo(1);
    }

    @Test
    void twoReleasersAtOnce_bothReportTheVolumesFreed_andEachDirectoryIsWipedBeforeItsVolumeGoes() throws Exception {
        VolumeOwner owner = VolumeOwner.of("default", "twice-vm");
        List<PoolVolume> volumes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            volumes.add(pool.allocate("node02", owner, SIZE, ClaimRef.of("default", "twice-" + i)));
        }
        List<Path> disks = new ArrayList<>();
        for (PoolVolume v : volumes) {
            Path disk = Files.createDirectories(cluster.nodeRoot("node02").resolve(v.path().substring(1))).resolve("disk.img");
            disks.add(Files.write(disk, new byte[4096]));
        }
        List<Job> wipes = recordWipeJobs();
        VolumePool otherPool = EdgeStorage.of(otherClient()).pool();

        CompletableFuture<ReleaseResult> first = CompletableFuture.supplyAsync(() -> pool.release(volumes));
        CompletableFuture<ReleaseResult> second = CompletableFuture.supplyAsync(() -> otherPool.release(volumes));

        List<String> names = volumes.stream().map(PoolVolume::name).toList();
        assertThat(first.get(2, TimeUnit.MINUTES).released()).containsExactlyInAnyOrderElementsOf(names);
        assertThat(second.get(2, TimeUnit.MINUTES).released()).containsExactlyInAnyOrderElementsOf(names);
        assertThat(disks).allSatisfy(d -> assertThat(d).doesNotExist());
        assertThat(pool.volumesOf(owner)).isEmpty();
        // Each volume was wiped by exactly one Job, which names it (with its UID) as its owner.
        List<String> wipedUids = wipes.stream().flatMap(j -> j.getMetadata().getOwnerReferences().stream())
                .map(o -> o.getUid()).toList();
        assertThat(wipedUids).containsExactlyInAnyOrderElementsOf(volumes.stream().map(v -> v.uid().orElseThrow()).toList());
        assertThat(wipes).allSatisfy(j -> assertThat(j.getSpec().getActiveDeadlineSeconds())
                .isEqualTo(EdgeStorage.of(edge).config().cleanupTimeout().toSeconds()));

        // The numbers are handed out again; the releases above, run once more with what they knew, leave them alone.
        List<PoolVolume> successors = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            successors.add(pool.allocate("node02", VolumeOwner.of("default", "next-vm"), SIZE, ClaimRef.of("default", "next-" + i)));
        }
        assertThat(successors).extracting(PoolVolume::name).containsExactlyInAnyOrderElementsOf(names);
        assertThat(otherPool.release(volumes).released()).containsExactlyInAnyOrderElementsOf(names);
        assertThat(pool.volumesOf(VolumeOwner.of("default", "next-vm"))).extracting(v -> v.uid().orElseThrow())
                .containsExactlyInAnyOrderElementsOf(successors.stream().map(v -> v.uid().orElseThrow()).toList());
    }

    @Test
    void aLeaseWhoseHolderDied_endsAtItsTime_andTheVolumeIsTakenOver() throws Exception {
        PoolVolume volume = pool.allocate("node01", VolumeOwner.of("default", "orphan-vm"), SIZE, ClaimRef.of("default", "orphan-dv"));
        Path disk = Files.write(Files.createDirectories(cluster.nodeRoot("node01").resolve(volume.path().substring(1)))
                .resolve("disk.img"), new byte[512]);
        lease(volume.name(), "crashed-client", Instant.now().minus(ReleaseLease.CLOCK_SKEW).minusSeconds(60));

        ReleaseResult result = pool.release(List.of(volume));

        assertThat(result.released()).containsExactly(volume.name());
        assertThat(disk).doesNotExist();
        assertThat(cluster.client().persistentVolumes().withName(volume.name()).get()).isNull();
    }

    @Test
    void aHolderWhoseLeaseWasTakenOver_doesNotDeleteTheVolume() {
        PoolVolume volume = pool.allocate("node01", VolumeOwner.of("default", "slow-vm"), SIZE, ClaimRef.of("default", "slow-dv"));
        ReleaseLease mine = new ReleaseLease((ClusterAccess) edge, "slow-client");
        ReleaseLease.Acquired acquired = (ReleaseLease.Acquired) mine.acquire(volume.name(), volume.uid().orElseThrow(),
                Instant.now().plusSeconds(60));
        // Meanwhile the lease ended for the others and one of them took the volume over.
        lease(volume.name(), "faster-client", Instant.now().plusSeconds(600));

        EdgeVmException refused = catchThrowableOfType(EdgeVmException.class, () -> mine.delete(acquired.volume()));

        assertThat(refused.getMessage()).contains(volume.name(), "faster-client");
        assertThat(cluster.client().persistentVolumes().withName(volume.name()).get()).isNotNull();
    }

    @Test
    void aWipeThatFailsOnOneNode_keepsThatNodesVolumes_freesTheOthers_andSaysWhich() throws Exception {
        VolumeOwner owner = VolumeOwner.of("default", "split-vm");
        PoolVolume good = pool.allocate("node01", owner, SIZE, ClaimRef.of("default", "split-a"));
        PoolVolume bad = pool.allocate("node02", owner, SIZE, ClaimRef.of("default", "split-b"));
        // rm -f cannot remove a directory: node02's wipe fails.
        Files.createDirectories(cluster.nodeRoot("node02").resolve(bad.path().substring(1)).resolve("disk.img").resolve("inside"));

        OperationFailedException failed = catchThrowableOfType(OperationFailedException.class,
                () -> pool.release(List.of(bad, good)));

        assertThat(failed.stepsDone()).containsExactly("wiped and freed " + good.name());
        assertThat(failed.getMessage()).contains("node02", bad.name());
        assertThat(cluster.client().persistentVolumes().withName(good.name()).get()).isNull();
        PersistentVolume kept = cluster.client().persistentVolumes().withName(bad.name()).get();
        assertThat(kept).isNotNull();
        assertThat(kept.getMetadata().getAnnotations()).as("the lease is given back").doesNotContainKey(ReleaseLease.HOLDER);
        assertThat(cluster.client().batch().v1().jobs().inAnyNamespace().list().getItems()).isEmpty();
    }

    @Test
    void aVolumeWhoseLeaseCannotBeWritten_isKeptAndReported_andTheLeasesTakenBeforeAreNotLeftHeld() throws Exception {
        VolumeOwner owner = VolumeOwner.of("default", "stubborn-vm");
        PoolVolume first = pool.allocate("node01", owner, SIZE, ClaimRef.of("default", "stubborn-a"));
        PoolVolume second = pool.allocate("node01", owner, SIZE, ClaimRef.of("default", "stubborn-b"));
        Path disk = Files.write(Files.createDirectories(cluster.nodeRoot("node01").resolve(first.path().substring(1)))
                .resolve("disk.img"), new byte[512]);
        // every attempt to write the second volume's lease fails, however often the SDK retries
        cluster.faults().failNext(1_000, FaultKind.INTERNAL_ERROR, r -> "PUT".equals(r.method()) && r.isFor("persistentvolumes")
                && second.name().equals(r.name()));
        VolumePool impatient = EdgeStorage.of(shortRetries()).pool();

        OperationFailedException failed = catchThrowableOfType(OperationFailedException.class,
                () -> impatient.release(List.of(first, second)));
        cluster.faults().clear();

        assertThat(failed.stepsDone()).containsExactly("wiped and freed " + first.name());
        assertThat(failed.getMessage()).contains(second.name());
        assertThat(disk).doesNotExist();
        assertThat(cluster.client().persistentVolumes().withName(first.name()).get()).isNull();
        PersistentVolume kept = cluster.client().persistentVolumes().withName(second.name()).get();
        assertThat(kept.getMetadata().getAnnotations()).as("no lease of the kept volume").doesNotContainKey(ReleaseLease.HOLDER);
        // and another release frees it at once: nothing waits for a lease to end
        assertThat(pool.release(List.of(second)).released()).containsExactly(second.name());
    }

    @Test
    void aVolumeDeletedBetweenTheLeasesReadAndItsWrite_countsAsReleased() throws Exception {
        VolumeOwner owner = VolumeOwner.of("default", "vanishing-vm");
        PoolVolume vanishing = pool.allocate("node02", owner, SIZE, ClaimRef.of("default", "vanishing-a"));
        PoolVolume other = pool.allocate("node02", owner, SIZE, ClaimRef.of("default", "vanishing-b"));
        // Just before the server acts on the lease's write, another client deletes the volume
        // (a fault predicate may make requests: they are served while this one waits).
        KubernetesClient otherClient = cluster.newClient();
        closeLater.add(otherClient);
        java.util.concurrent.atomic.AtomicBoolean deleted = new java.util.concurrent.atomic.AtomicBoolean();
        cluster.faults().failNext(1, FaultKind.INTERNAL_ERROR, r -> {
            if ("PUT".equals(r.method()) && r.isFor("persistentvolumes") && vanishing.name().equals(r.name())
                    && deleted.compareAndSet(false, true)) {
                otherClient.persistentVolumes().withName(vanishing.name()).delete();
                otherClient.persistentVolumes().withName(vanishing.name()).waitUntilCondition(pv -> pv == null, 30, TimeUnit.SECONDS);
            }
            return false;
        });

        ReleaseResult result = pool.release(List.of(vanishing, other));
        cluster.faults().clear();

        assertThat(deleted).as("the volume was deleted under the lease's write").isTrue();
        assertThat(result.released()).containsExactlyInAnyOrder(vanishing.name(), other.name());
        assertThat(result.kept()).isEmpty();
        assertThat(cluster.client().persistentVolumes().withName(other.name()).get()).isNull();
    }

    /**
     * Writes a lease onto the volume as another client would: the embedded cluster's controllers
     * may update the volume meanwhile (its phase), so a stale write is read again and retried.
     */
    private void lease(String volume, String holder, Instant until) {
        for (int attempt = 1; ; attempt++) {
            try {
                writeLease(volume, holder, until);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private void writeLease(String volume, String holder, Instant until) {
        cluster.client().persistentVolumes().withName(volume).edit(pv -> {
            pv.getMetadata().setAnnotations(new java.util.HashMap<>(pv.getMetadata().getAnnotations() == null ? Map.of()
                    : pv.getMetadata().getAnnotations()));
            pv.getMetadata().getAnnotations().put(ReleaseLease.HOLDER, holder);
            pv.getMetadata().getAnnotations().put(ReleaseLease.UNTIL, until.toString());
            return pv;
        });
    }

    /** A client of its own that gives up after a few quick attempts. */
    private EdgeVm shortRetries() {
        KubernetesClient client = cluster.newClient();
        EdgeVm impatient = EdgeVm.using(client, RetryConfig.builder().maxAttempts(3)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(50)).maxDuration(Duration.ofSeconds(10)).build());
        closeLater.add(client);
        closeLater.add(0, impatient);
        return impatient;
    }

    private EdgeVm otherClient() {
        KubernetesClient client = cluster.newClient();
        EdgeVm other = EdgeVm.using(client);
        closeLater.add(client);
        closeLater.add(0, other);
        return other;
    }

    /** Every wipe Job created from now on, as first seen. */
    private List<Job> recordWipeJobs() {
        List<Job> seen = new CopyOnWriteArrayList<>();
        Watch watch = cluster.client().batch().v1().jobs().inAnyNamespace().withLabel("edgevm.dev/node-job", "wipe")
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Job job) {
                        if (action == Action.ADDED) {
                            seen.add(job);
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                    }
                });
        closeLater.add(watch::close);
        return seen;
    }
}
