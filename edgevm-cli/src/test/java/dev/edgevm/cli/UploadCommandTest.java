package dev.edgevm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edgevm upload}: the runbook's {@code virtctl image-upload dv}, on a cluster whose node03
 * carries the CPU manager's taint. What it prints (steps, progress as lines or as a bar), what it
 * creates, and that bad flags cost no request and a failure leaves nothing.
 */
class UploadCommandTest {

    private static EmbeddedEdgeCluster cluster;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedEdgeCluster.builder().nodes(3).node("node03", n -> n.taint("cmk", null, "NoSchedule")).seed(8).start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @BeforeEach
    void forgetRequests() {
        cluster.requests().reset();
    }

    @Test
    void upload_createsTheDataVolume_onTheNodeAsked_andTheBytesAreTheDisk() throws IOException {
        Path image = TestImages.raw(dir, "centos.img", 4, 1);

        Cli.Result r = Cli.on(cluster, "upload", "--dv", "centos-dv", "--image", image.toString(), "--size", "1Gi",
                "--storage-class", "local-storage", "--node", "node02");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("  volumes: node02-vol0, node02-vol1 on node02")
                .contains("  DataVolume: created default/centos-dv")
                .contains("  waiting for the upload pod: ")
                .containsPattern("  uploading +0% 0 B / 4\\.00 MiB\n")
                .containsPattern("  uploaded +100% 4\\.00 MiB / 4\\.00 MiB, [0-9.]+ [KMG]iB/s\n")
                .contains("  processing: CDI converts the image to raw and resizes it")
                .contains("  done: DataVolume default/centos-dv Succeeded")
                .contains("  scratch volume: node02-vol1 wiped and returned to the pool")
                .containsPattern("DataVolume default/centos-dv Succeeded: 4\\.00 MiB of raw in 1 attempt \\(\\d+s\\), on node02 \\(node02-vol0\\)\n$")
                .doesNotContain("\r");
        DataVolume dv = cluster.client().resources(DataVolume.class).inNamespace("default").withName("centos-dv").get();
        assertThat(dv.getStatus().phase()).isEqualTo("Succeeded");
        PersistentVolume pv = cluster.client().persistentVolumes().withName("node02-vol0").get();
        assertThat(pv.getStatus().getPhase()).isEqualTo("Bound");
        assertThat(head(cluster.nodeRoot("node02").resolve("var/vd/vol0/disk.img"), 4 << 20)).isEqualTo(Files.readAllBytes(image));

        Cli.Result again = Cli.on(cluster, "upload", "--dv", "centos-dv", "--image", image.toString(), "--size", "1Gi", "--node", "node02");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).endsWith("DataVolume default/centos-dv had already Succeeded; nothing was sent, on node02 (node02-vol0)\n");
    }

    @Test
    void onATerminal_theTransferIsOneBarRedrawnInPlace() {
        Path image = TestImages.raw(dir, "bar.img", 2, 2);

        Cli.Result r = Cli.onTerminal(cluster, "upload", "--dv", "bar-dv", "--image", image.toString(), "--size", "64Mi", "--node", "node01");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("\r  uploading [>                       ]   0% 0 B / 2.00 MiB\u001b[K")
                .containsPattern("\r  uploaded \\[========================] 100% 2\\.00 MiB / 2\\.00 MiB, [0-9.]+ [KMG]iB/s\u001b\\[K\n  processing: ");
        // steps before and after the transfer keep lines of their own
        assertThat(r.out()).contains("\n  DataVolume: created default/bar-dv\n");
    }

    @Test
    void badFlags_areAllNamed_exit2_andNothingIsSent() throws IOException {
        Path notAnImage = Files.writeString(dir.resolve("notes.txt"), "#!/bin/sh\necho this is a shell script, not a disk\n");

        Cli.Result r = Cli.on(cluster, "upload", "--dv", "Centos_DV", "--image", notAnImage.toString(), "--size", "lots",
                "--storage-class", "Local_Storage", "--node", "node_01", "--uploadproxy-url", "http://10.0.0.5:443", "-n", "Edge");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: Invalid upload: 7 problems\n")
                .contains("  - --dv: 'Centos_DV' is not a DNS-1123 label")
                .contains("  - --size: 'lots' is not a Kubernetes quantity")
                .contains("  - --storage-class: 'Local_Storage' is not a valid storage class name")
                .contains("  - --node: 'node_01' is not a valid node name")
                .contains("  - --uploadproxy-url: 'http://10.0.0.5:443' is not an https URL with a host")
                .contains("  - --namespace: 'Edge' is not a DNS-1123 label")
                .contains("  - --image: ")
                .doesNotContain("\tat ");
        assertThat(cluster.requests().count()).as("requests the cluster received").isZero();
    }

    @Test
    void aFileThatIsNotADiskImage_orDoesNotFit_isRefusedBeforeAnyRequest() throws IOException {
        Path script = Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\necho this is a shell script, not a disk\n");
        Path big = TestImages.sparse(dir, "big.img", 2L << 30);

        Cli.Result notAnImage = Cli.on(cluster, "upload", "--dv", "script-dv", "--image", script.toString(), "--size", "1Gi");
        Cli.Result tooBig = Cli.on(cluster, "upload", "--dv", "big-dv", "--image", big.toString(), "--size", "1Gi");

        assertThat(notAnImage.exitCode()).isEqualTo(2);
        assertThat(notAnImage.err()).startsWith("error: Invalid upload: 1 problem\n  - --image: ").contains("run.sh");
        assertThat(tooBig.exitCode()).isEqualTo(2);
        assertThat(tooBig.err()).startsWith("error: Invalid upload: 1 problem\n  - --size: 'big.img' has a virtual size of 2.00 GiB")
                .contains("request at least");
        assertThat(cluster.requests().count()).isZero();
    }

    @Test
    void aStorageClassTheClusterLacks_isAUsageError_namingTheClassesItHas_andNothingIsCreated() {
        Path image = TestImages.raw(dir, "sc.img", 1, 5);

        Cli.Result r = Cli.on(cluster, "upload", "--dv", "sc-dv", "--image", image.toString(), "--size", "64Mi",
                "--storage-class", "fast-nvme");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: Invalid upload: 1 problem\n"
                + "  - --storage-class: there is no storage class 'fast-nvme' in the cluster (classes: edge-csi, local-storage)\n");
        assertThat(cluster.requests().writes()).isZero();
    }

    @Test
    void missingFlags_areNamedTogether() {
        Cli.Result r = Cli.on(cluster, "upload", "--dv", "x");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: Invalid upload: 2 problems\n")
                .contains("  - --image: is required").contains("  - --size: is required").doesNotContain("--dv");
        assertThat(cluster.requests().count()).isZero();
    }

    @Test
    void anUploadToTheCpuManagersNode_isRefusedBeforeAnyWrite_namingTheTaintAndTheFix() {
        Path image = TestImages.raw(dir, "cmk.img", 1, 3);

        Cli.Result r = Cli.on(cluster, "upload", "--dv", "cmk-dv", "--image", image.toString(), "--size", "64Mi", "--node", "node03");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: CDI's upload pod could not run on node03")
                .contains("\n  - CDI's upload pods do not tolerate the taint cmk:NoSchedule on node03")
                .contains("\n  fix: let CDI's pods tolerate the taint with EdgeStorage.of(edge).cdi().tolerate(NodeTaint.of(\"cmk\", \"NoSchedule\"))")
                .doesNotContain("\tat ");
        assertThat(cluster.requests().writes()).as("requests that change the cluster").isZero();
        Leftovers.assertNoneOf(cluster, "default", "cmk-dv", "cmk-dv");
        assertThat(cluster.client().persistentVolumes().list().getItems()).noneMatch(pv -> pv.getMetadata().getName().startsWith("node03-"));
    }

    @Test
    void insecure_withTheProxyUrlGiven_uploads_andWarns() {
        Path image = TestImages.raw(dir, "insecure.img", 1, 4);

        Cli.Result r = Cli.on(cluster, "upload", "--dv", "insecure-dv", "--image", image.toString(), "--size", "64Mi",
                "--uploadproxy-url", cluster.uploadProxyUrl(), "--insecure");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("warning: --insecure: the upload proxy's certificate is not verified");
        assertThat(r.out()).contains("connecting: to " + java.net.URI.create(cluster.uploadProxyUrl()).getAuthority()).contains("DataVolume default/insecure-dv Succeeded");
    }

    private static byte[] head(Path file, int length) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(length);
        }
    }
}
