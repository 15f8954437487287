package dev.edgevm.storage.upload.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.edgevm.core.ProgressListener;
import dev.edgevm.core.Quantity;
import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.testing.ClusterAudit;
import dev.edgevm.storage.upload.RunningUpload;
import dev.edgevm.storage.upload.UploadOptions;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancelling while the image's bytes are on their way: the transfer stops, and what the upload
 * (or the deploy) made is undone, the volume's directory wiped on the node.
 */
class UploadCancellationTest {

    /** Sparse: nothing on the disk, yet every byte is sent, which takes long enough to cancel part way. */
    private static final long SIZE = 2L << 30;

    private EmbeddedEdgeCluster cluster;
    private EdgeVm edge;
    private Path image;

    @TempDir
    Path work;

    @BeforeEach
    void start() throws Exception {
        cluster = EmbeddedEdgeCluster.builder().nodes(1).seed(29).uploadProxyReadyWait(Duration.ofMillis(300)).start();
        edge = EdgeVm.using(cluster.client());
        image = work.resolve("big.img");
        try (RandomAccessFile raf = new RandomAccessFile(image.toFile(), "rw")) {
            raf.setLength(SIZE);
        }
    }

    @AfterEach
    void stop() {
        edge.close();
        cluster.close();
    }

    /** Counts down once the first bytes have been sent. */
    private static ProgressListener onceTransferring(CountDownLatch transferring) {
        return p -> {
            if ("uploading".equals(p.phase()) && p.bytesDone().orElse(0) > 0 && p.bytesDone().orElse(0) < SIZE) {
                transferring.countDown();
            }
        };
    }

    @Test
    void anUploadCancelledMidTransfer_stopsAndUndoesEverything() throws Exception {
        CountDownLatch transferring = new CountDownLatch(1);

        RunningUpload running = EdgeStorage.of(edge).uploads().start("midway-dv", image, Quantity.parse("3Gi"),
                UploadOptions.builder().node("node01").build(), onceTransferring(transferring));
        assertThat(transferring.await(2, TimeUnit.MINUTES)).as("the transfer began").isTrue();
        assertThat(running.cancel()).isTrue();

        Throwable outcome = catchThrowable(running::await);

        assertThat(outcome).isInstanceOf(CancellationException.class).hasMessageContaining("rolled back");
        ClusterAudit.assertNothingLeftOf(cluster, "midway-dv", "midway-dv");
        ClusterAudit.assertNoStorageLeft(cluster);
        assertNoDiskFiles();
    }

    @Test
    void aDeployCancelledMidTransfer_leavesNothingBehind() throws Exception {
        VmSpec spec = VmSpec.builder().name("cancel-vm").cpuCores(1).memory("1Gi").node("node01").runStrategy(RunStrategy.HALTED)
                .rootDisk(UploadedDisk.of(image).size("3Gi")).build();
        CountDownLatch transferring = new CountDownLatch(1);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread deploying = new Thread(() -> {
            try {
                edge.vms().deploy(spec, onceTransferring(transferring));
            } catch (RuntimeException e) {
                outcome.set(e);
            }
        }, "deploying");
        deploying.start();
        assertThat(transferring.await(2, TimeUnit.MINUTES)).as("the transfer began").isTrue();

        deploying.interrupt(); // how a caller cancels a deploy running on its thread
        deploying.join(TimeUnit.MINUTES.toMillis(5));

        assertThat(deploying.isAlive()).isFalse();
        assertThat(causes(outcome.get())).as("the deploy was cancelled").anyMatch(t -> t instanceof CancellationException);
        ClusterAudit.assertNothingLeftOf(cluster, "cancel-vm", "cancel-vm-rootdisk");
        ClusterAudit.assertNoStorageLeft(cluster);
        assertNoDiskFiles();
    }

    private static List<Throwable> causes(Throwable t) {
        java.util.List<Throwable> all = new java.util.ArrayList<>();
        for (Throwable c = t; c != null && !all.contains(c); c = c.getCause()) {
            all.add(c);
        }
        return all;
    }

    private void assertNoDiskFiles() throws Exception {
        Path pool = cluster.nodeRoot("node01").resolve("var/vd");
        if (!Files.isDirectory(pool)) {
            return;
        }
        try (Stream<Path> files = Files.walk(pool)) {
            assertThat(files.filter(Files::isRegularFile).toList()).as("files left in the node's volume directories").isEmpty();
        }
    }
}
