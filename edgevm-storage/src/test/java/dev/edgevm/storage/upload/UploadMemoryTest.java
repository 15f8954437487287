package dev.edgevm.storage.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.storage.testing.DataVolumeUploadMain;
import dev.edgevm.storage.testing.LoopbackUploadServer;
import dev.edgevm.storage.testing.TestPki;
import dev.edgevm.storage.testing.UploadMain;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-GiB upload in a JVM whose heap is capped at 64 MiB: memory does not grow with the file,
 * for the transport alone and for the whole DataVolume upload through the SDK.
 */
class UploadMemoryTest {

    private static final long SIZE = 2L << 30;

    @TempDir
    Path dir;

    @Test
    void twoGibibyteUpload_runsWithA64MebibyteHeap() throws Exception {
        Path image = sparseImage();
        try (LoopbackUploadServer server = LoopbackUploadServer.start(TestPki.newAuthority("memory-test-ca"), false)) {
            Path ca = Files.writeString(dir.resolve("ca.pem"), server.caPem());

            runIn64MebibyteHeap(List.of("-XX:MaxDirectMemorySize=16m"), UploadMain.class, server.uploadUri().toString(), ca.toString(),
                    "memory-test-token", image.toString());

            assertThat(server.takeReceived().bodyBytes()).isEqualTo(SIZE);
        }
    }

    @Test
    void twoGibibyteDataVolumeUpload_throughTheWholeFlow_runsWithA64MebibyteHeap() throws Exception {
        Path image = sparseImage();
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(1).seed(37).uploadProxyReadyWait(Duration.ofMillis(300))
                .start()) {
            Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));

            runIn64MebibyteHeap(List.of(), DataVolumeUploadMain.class, kubeconfig.toString(), "big-dv", image.toString(), "3Gi", "node01");

            assertThat(cluster.client().resources(DataVolume.class).inNamespace("default").withName("big-dv").get().getStatus().phase())
                    .isEqualTo("Succeeded");
        }
    }

    /** Sparse: the disk holds nothing, the upload still sends every byte. */
    private Path sparseImage() throws Exception {
        Path image = dir.resolve("big.img");
        try (RandomAccessFile raf = new RandomAccessFile(image.toFile(), "rw")) {
            raf.setLength(SIZE);
        }
        return image;
    }

    /** Runs {@code main} in a JVM of its own with a 64 MiB heap; it must print that it sent every byte. */
    private static void runIn64MebibyteHeap(List<String> jvmOptions, Class<?> main, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();

        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("SENT " + SIZE);
        long maxHeap = Long.parseLong(output.replaceAll("(?s).*MAXHEAP (\\d+).*", "$1"));
        assertThat(maxHeap).isLessThanOrEqualTo(64L << 20);
    }
}
