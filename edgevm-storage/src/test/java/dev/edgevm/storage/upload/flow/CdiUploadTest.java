package dev.edgevm.storage.upload.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.OperationFailedException;
import dev.edgevm.core.Progress;
import dev.edgevm.core.ProgressListener;
import dev.edgevm.core.Quantity;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.FaultKind;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.internal.DefaultEdgeStorage;
import dev.edgevm.storage.testing.ClusterAudit;
import dev.edgevm.storage.testing.NodeFiles;
import dev.edgevm.storage.testing.QemuImg;
import dev.edgevm.storage.testing.TestNamespace;
import dev.edgevm.storage.testing.TestPki;
import dev.edgevm.storage.upload.DataVolumeUpload;
import dev.edgevm.storage.upload.RunningUpload;
import dev.edgevm.storage.upload.UploadOptions;
import dev.edgevm.storage.upload.UploadRejectedException;
import dev.edgevm.storage.upload.UploadTls;
import dev.edgevm.storage.upload.UploadTrustException;
import dev.edgevm.storage.upload.internal.ClusterTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standalone uploads ({@code virtctl image-upload dv ...}) through the embedded CDI upload proxy:
 * TLS verified against the cluster's CA, tokens renewed, transient failures retried from byte 0,
 * cancellation and failures undone, bad images refused before anything is created. The tests
 * share one cluster; each has a namespace and an SDK instance of its own, and counts only its
 * own requests.
 */
class CdiUploadTest {

    private static final Quantity SIZE = Quantity.parse("1Gi");

    private static EmbeddedEdgeCluster cluster;

    @TempDir
    static Path work;

    private TestNamespace namespace;
    private String ns;
    private EdgeVm edge;
    private EdgeStorage storage;

    @BeforeAll
    static void start() {
        cluster = EmbeddedEdgeCluster.builder().nodes(2).seed(5).uploadProxyReadyWait(Duration.ofMillis(300)).start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @BeforeEach
    void ownNamespace() {
        namespace = TestNamespace.create(cluster, "upload");
        ns = namespace.name();
        edge = namespace.edge();
        storage = EdgeStorage.of(edge);
    }

    @AfterEach
    void cleanUp() {
        cluster.faults().clear();
        namespace.close();
    }

    static Path randomImage(String name, int mib, long seed) throws Exception {
        byte[] bytes = new byte[mib * 1024 * 1024];
        new Random(seed).nextBytes(bytes);
        return Files.write(work.resolve(name), bytes);
    }

    @Test
    void upload_likeVirtctlImageUpload_verifiesTheProxyWithTheClustersCa() throws Exception {
        Path image = randomImage("plain.img", 4, 1);
        List<Progress> progress = new CopyOnWriteArrayList<>();

        DataVolumeUpload done = storage.uploads().upload("plain-dv", image, SIZE, UploadOptions.builder().node("node02").build(),
                progress::add);

        assertThat(done.alreadyDone()).isFalse();
        assertThat(done.node()).contains("node02");
        assertThat(done.volumes()).hasSize(2).allSatisfy(v -> assertThat(v).matches("node02-vol\\d+"));
        var data = cluster.client().persistentVolumes().withName(done.volumes().get(0)).get();
        assertThat(data.getSpec().getClaimRef().getName()).isEqualTo("plain-dv");
        assertThat(data.getStatus().getPhase()).isEqualTo("Bound");
        assertThat(done.format()).isEqualTo("raw");
        assertThat(done.bytesSent()).isEqualTo(Files.size(image));
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(phase("plain-dv")).isEqualTo("Succeeded");
        assertThat(NodeFiles.head(cluster.nodeRoot("node02").resolve(diskOf("plain-dv")), (int) Files.size(image)))
                .isEqualTo(Files.readAllBytes(image));
        assertThat(cluster.client().persistentVolumes().withName(done.volumes().get(1)).get()).as("scratch volume recycled").isNull();
        assertThat(progress).extracting(Progress::phase).contains("volumes", "DataVolume", "waiting for the upload pod",
                "connecting", "uploading", "processing", "done", "scratch volume");
        assertThat(progress).filteredOn(p -> p.phase().equals("uploading")).allSatisfy(p ->
                assertThat(p.bytesTotal()).hasValue(Files.size(image)));
        assertThat(progress).filteredOn(p -> p.phase().equals("uploaded")).singleElement().satisfies(p -> {
            assertThat(p.bytesDone()).hasValue(Files.size(image));
            assertThat(p.bytesPerSecond()).isPositive();
        });

        // Running it again finds it done: nothing is created or sent twice.
        cluster.requests().reset();
        DataVolumeUpload again = storage.uploads().upload("plain-dv", image, SIZE, UploadOptions.builder().node("node02").build());
        assertThat(again.alreadyDone()).isTrue();
        assertThat(namespace.requests(r -> r.isWrite() && !r.isFor("uploadtokenrequests"))).isZero();
    }

    @Test
    void anExpiredToken_getsRenewedOnce_andTheUploadSucceeds() throws Exception {
        Path image = randomImage("token.img", 2, 2);
        ClusterTokens real = new ClusterTokens((ClusterAccess) edge);
        int[] issued = {0};
        // The first token the flow gets is refused by the proxy (401), as an expired one would be.
        try (DefaultEdgeStorage withStaleToken = new DefaultEdgeStorage(edge, (ClusterAccess) edge,
                (ns, claim) -> issued[0]++ == 0 ? forged(real.token(ns, claim)) : real.token(ns, claim))) {
            cluster.requests().reset();
            DataVolumeUpload done = withStaleToken.uploads().upload("token-dv", image, SIZE, UploadOptions.builder().node("node01").build());

            assertThat(done.attempts()).isEqualTo(1);
            assertThat(issued[0]).isEqualTo(2);
            assertThat(namespace.requests(r -> r.isFor("uploadtokenrequests"))).isEqualTo(2);
            assertThat(phase("token-dv")).isEqualTo("Succeeded");
        }
    }

    @Test
    void aTokenTheProxyNeverAccepts_failsWithItsAnswer_andLeavesNothing() throws Exception {
        Path image = randomImage("badtoken.img", 2, 3);
        ClusterTokens real = new ClusterTokens((ClusterAccess) edge);
        try (DefaultEdgeStorage forgedOnly = new DefaultEdgeStorage(edge, (ClusterAccess) edge, (ns, claim) -> forged(real.token(ns, claim)))) {
            OperationFailedException failed = catchThrowableOfType(OperationFailedException.class, () ->
                    forgedOnly.uploads().upload("badtoken-dv", image, SIZE, UploadOptions.builder().node("node01").build()));

            assertThat(failed.getCause()).isInstanceOf(UploadRejectedException.class);
            assertThat(((UploadRejectedException) failed.getCause()).statusCode()).isEqualTo(401);
            assertThat(failed.getMessage()).contains("401", "token");
            assertThat(failed.stepsRolledBack()).hasSize(2);
            assertThat(failed.leftBehind()).isEmpty();
        }
        ClusterAudit.assertNothingLeftOf(cluster, ns, "badtoken-vm", "badtoken-dv");
    }

    @Test
    void serviceUnavailable_isRetried_untilTheProxyTakesTheUpload() throws Exception {
        Path image = randomImage("busy.img", 2, 4);
        List<Progress> progress = new CopyOnWriteArrayList<>();
        long before = cluster.faults().injected(FaultKind.SERVICE_UNAVAILABLE);
        cluster.faults().failNext(2, FaultKind.SERVICE_UNAVAILABLE, r -> r.path().startsWith("/v1beta1/upload"));

        DataVolumeUpload done = storage.uploads().upload("busy-dv", image, SIZE, UploadOptions.builder().node("node01").build(),
                progress::add);

        assertThat(cluster.faults().injected(FaultKind.SERVICE_UNAVAILABLE) - before).isEqualTo(2);
        assertThat(done.attempts()).isEqualTo(3);
        assertThat(progress).filteredOn(p -> p.phase().equals("retrying")).hasSize(2)
                .allSatisfy(p -> assertThat(p.message()).hasValueSatisfying(m -> assertThat(m).contains("HTTP 503", "from byte 0")));
        assertThat(phase("busy-dv")).isEqualTo("Succeeded");
    }

    @Test
    void aConnectionDroppedMidUpload_restartsTheTransferFromByteZero() throws Exception {
        Path image = randomImage("dropped.img", 12, 5);
        List<Progress> progress = new CopyOnWriteArrayList<>();
        long before = cluster.faults().injected(FaultKind.DROPPED_CONNECTION);
        cluster.faults().failNext(1, FaultKind.DROPPED_CONNECTION, r -> r.path().startsWith("/v1beta1/upload"));

        DataVolumeUpload done = storage.uploads().upload("dropped-dv", image, SIZE, UploadOptions.builder().node("node02").build(),
                progress::add);

        assertThat(cluster.faults().injected(FaultKind.DROPPED_CONNECTION) - before).isEqualTo(1);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.bytesSent()).isEqualTo(Files.size(image));
        // The first transfer got part of the way before the proxy hung up; the second began again at byte 0.
        assertThat(progress).filteredOn(p -> p.phase().equals("retrying")).singleElement()
                .satisfies(p -> assertThat(p.message().orElseThrow()).containsPattern("failed after [1-9][0-9]* bytes"));
        assertThat(progress).filteredOn(p -> p.phase().equals("connecting")).hasSize(2);
        assertThat(progress).filteredOn(p -> p.phase().equals("uploading")).first()
                .satisfies(p -> assertThat(p.bytesDone()).hasValue(0));
        assertThat(progress).anySatisfy(p -> assertThat(p.phase()).isEqualTo("retrying"));
        assertThat(NodeFiles.head(cluster.nodeRoot("node02").resolve(diskOf("dropped-dv")), (int) Files.size(image)))
                .isEqualTo(Files.readAllBytes(image));
    }

    @Test
    void anAnswerLostAfterCdiFinished_isTakenForDone_whenTheProxyThenSaysAlreadyFinished() throws Exception {
        Path image = randomImage("lost-answer.img", 2, 8);
        List<Progress> progress = new CopyOnWriteArrayList<>();
        // CDI stores the whole upload, then the connection drops before its answer reaches us.
        cluster.faults().failNext(1, FaultKind.DROPPED_RESPONSE, r -> r.path().startsWith("/v1beta1/upload"));
        // Before the retry, CDI's upload server ends: from then on its proxy refuses every upload with 503.
        ProgressListener waitForCdi = p -> {
            progress.add(p);
            if (p.phase().equals("retrying")) {
                cluster.client().persistentVolumeClaims().inNamespace(ns).withName("lost-answer-dv").waitUntilCondition(pvc ->
                        pvc != null && "Succeeded".equals(pvc.getMetadata().getAnnotations().get("cdi.kubevirt.io/storage.pod.phase")),
                        60, TimeUnit.SECONDS);
            }
        };

        DataVolumeUpload done = storage.uploads().upload("lost-answer-dv", image, SIZE, UploadOptions.builder().node("node01").build(),
                waitForCdi);

        assertThat(done.attempts()).isEqualTo(2);
        assertThat(phase("lost-answer-dv")).isEqualTo("Succeeded");
        assertThat(progress).filteredOn(p -> p.phase().equals("uploaded")).last()
                .satisfies(p -> assertThat(p.message()).hasValue("CDI already has the data from the previous attempt"));
        assertThat(NodeFiles.head(cluster.nodeRoot("node01").resolve(diskOf("lost-answer-dv")), (int) Files.size(image)))
                .isEqualTo(Files.readAllBytes(image));
    }

    @Test
    void anUntrustedProxy_isRefused_andNothingIsLeft() throws Exception {
        Path image = randomImage("mitm.img", 1, 6);
        storage.configure(c -> c.uploadTls(UploadTls.trusting(TestPki.newAuthority("someone else").caPem())));

        OperationFailedException failed = catchThrowableOfType(OperationFailedException.class, () ->
                storage.uploads().upload("mitm-dv", image, SIZE, UploadOptions.builder().node("node01").build()));

        assertThat(failed.getCause()).isInstanceOf(UploadTrustException.class);
        assertThat(failed.leftBehind()).isEmpty();
        ClusterAudit.assertNothingLeftOf(cluster, ns, "mitm-vm", "mitm-dv");
    }

    @Test
    void cancel_stopsTheUpload_andUndoesIt() throws Exception {
        Path image = randomImage("cancelled.img", 1, 7);
        CountDownLatch waitingForPod = new CountDownLatch(1);

        RunningUpload running = storage.uploads().start("cancelled-dv", image, SIZE, UploadOptions.builder().node("node01").build(),
                p -> {
                    if (p.phase().equals("waiting for the upload pod")) {
                        waitingForPod.countDown();
                    }
                });
        assertThat(waitingForPod.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(running.cancel()).isTrue();

        Throwable outcome = catchThrowable(running::await);
        assertThat(outcome).isInstanceOf(CancellationException.class).hasMessageContaining("rolled back");
        ClusterAudit.assertNothingLeftOf(cluster, ns, "cancelled-vm", "cancelled-dv");
    }

    @Test
    void badImagesAndArguments_areRefusedBeforeAnythingIsCreated() throws Exception {
        Path text = Files.writeString(work.resolve("id_rsa.pub"), "ssh-rsa AAAAB3NzaC1yc2E root@controller\n");
        Path big = randomImage("big.img", 8, 8);
        cluster.requests().reset();

        InvalidSpecException notAnImage = catchThrowableOfType(InvalidSpecException.class, () ->
                storage.uploads().upload("text-dv", text, SIZE, UploadOptions.defaults()));
        assertThat(notAnImage.violations()).extracting(v -> v.path()).contains("imagePath");
        assertThat(notAnImage.getMessage()).contains("id_rsa.pub");

        InvalidSpecException tooBig = catchThrowableOfType(InvalidSpecException.class, () ->
                storage.uploads().upload("big-dv", big, Quantity.parse("4Mi"), UploadOptions.defaults()));
        assertThat(tooBig.violations()).extracting(v -> v.path()).containsExactly("size");
        assertThat(tooBig.getMessage()).contains("request at least", "8Mi");

        InvalidSpecException arguments = catchThrowableOfType(InvalidSpecException.class, () ->
                storage.uploads().upload("Bad_Name", work.resolve("absent.img"), Quantity.parse("0"), UploadOptions.defaults()));
        assertThat(arguments.violations()).extracting(v -> v.path()).containsExactlyInAnyOrder("dataVolume", "imagePath", "size");

        InvalidSpecException noClass = catchThrowableOfType(InvalidSpecException.class, () ->
                storage.uploads().upload("nocls-dv", big, SIZE, UploadOptions.builder().storageClass("fast-nvme").build()));
        assertThat(noClass.getMessage()).contains("fast-nvme", "local-storage");

        assertThat(namespace.requests(r -> r.isWrite())).isZero();
    }

    @Test
    void anOverlayWithABackingFile_isRefusedBeforeAnythingIsCreated() throws Exception {
        QemuImg.assumeInstalled();
        QemuImg.run(work, "create", "-f", "qcow2", "base.qcow2", "16M");
        QemuImg.run(work, "create", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", "overlay.qcow2");
        cluster.requests().reset();

        InvalidSpecException overlay = catchThrowableOfType(InvalidSpecException.class, () ->
                storage.uploads().upload("overlay-dv", work.resolve("overlay.qcow2"), SIZE, UploadOptions.defaults()));

        assertThat(overlay.getMessage()).contains("base.qcow2");
        assertThat(namespace.requests(r -> r.isWrite())).isZero();
    }

    private String phase(String dv) {
        DataVolume current = cluster.client().resources(DataVolume.class).inNamespace(ns).withName(dv).get();
        return current == null || current.getStatus() == null ? null : current.getStatus().phase();
    }

    private String diskOf(String dv) {
        String volume = cluster.client().persistentVolumeClaims().inNamespace(ns).withName(dv).get().getSpec().getVolumeName();
        String path = cluster.client().persistentVolumes().withName(volume).get().getSpec().getLocal().getPath();
        return path.substring(1) + "/disk.img";
    }

    /** A token with its signature changed: well-formed, but the proxy answers 401. */
    private static String forged(String token) {
        char last = token.charAt(token.length() - 2);
        return token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
    }
}
