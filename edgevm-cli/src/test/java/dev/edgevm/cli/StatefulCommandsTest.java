package dev.edgevm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook's stateful VM with the commands: {@code deploy --upload-image} (volumes, upload with
 * progress, the VM with the SSH key in its cloud-init Secret), start, IP, and
 * {@code delete --purge-storage}, after which nothing of it is left, on the node either.
 */
class StatefulCommandsTest {

    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq0Gq0u6nRkAbsu0pHf3f0eY9rDMSRCKj1MyCO5eQzB root@controller";

    private static EmbeddedEdgeCluster cluster;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedEdgeCluster.builder().nodes(3).node("node03", n -> n.taint("cmk", null, "NoSchedule")).seed(5).start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void deployWithAnUploadedImage_runs_andDeletePurgeStorage_leavesNothing() throws IOException {
        Path image = TestImages.raw(dir, "centos.img", 2, 1);
        Path key = Files.writeString(dir.resolve("id_ed25519.pub"), KEY + "\n");

        Cli.Result deploy = ok("deploy", "--name", "centos-vm", "--cores", "2", "--memory", "2056M", "--node", "node01",
                "--upload-image", image.toString(), "--disk-size", "1Gi", "--storage-class", "local-storage",
                "--user", "root", "--sudo", "ALL=(ALL) NOPASSWD:ALL", "--ssh-key-file", key.toString(), "--package", "git",
                "--run-strategy", "Always");

        assertThat(deploy.out())
                .contains("  volumes: node01-vol0, node01-vol1 on node01")
                .contains("  DataVolume: created default/centos-vm-rootdisk")
                .containsPattern("  uploaded +100% 2\\.00 MiB / 2\\.00 MiB")
                .contains("  done: DataVolume default/centos-vm-rootdisk Succeeded")
                .contains("  created Secret default/centos-vm-cloudinit")
                .endsWith("VirtualMachine default/centos-vm created\n");
        Secret secret = cluster.client().secrets().inNamespace("default").withName("centos-vm-cloudinit").get();
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("userdata")), StandardCharsets.UTF_8)).contains(KEY);
        assertThat(ok("wait", "centos-vm", "--for", "running", "--timeout", "60s").out()).contains("on node01");
        assertThat(ok("ip", "centos-vm", "--timeout", "60s").out().strip()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        Path disk = cluster.nodeRoot("node01").resolve("var/vd/vol0/disk.img");
        assertThat(disk).exists();

        Cli.Result delete = ok("delete", "centos-vm", "--purge-storage", "--wait", "--timeout", "60s");

        assertThat(delete.out()).isEqualTo("VirtualMachine default/centos-vm deleted with its storage\n");
        Leftovers.assertNoneOf(cluster, "default", "centos-vm", "centos-vm-rootdisk");
        assertThat(disk).doesNotExist();
        assertThat(ok("pv", "list").out()).containsPattern("node01\\s+0\\s+0\\s+64\\s+64\\n");
    }

    @Test
    void deleteWithoutPurge_keepsTheDisk_forPvRelease_later() {
        Path image = TestImages.raw(dir, "kept.img", 1, 2);
        ok("deploy", "--name", "kept-vm", "--memory", "1Gi", "--node", "node02", "--upload-image", image.toString(), "--disk-size", "64Mi");

        ok("delete", "kept-vm", "--wait");

        assertThat(cluster.client().resources(DataVolume.class).inNamespace("default").withName("kept-vm-rootdisk").get()).isNotNull();
        assertThat(ok("pv", "list").out()).containsPattern("node02-vol0\\s+node02\\s+/var/vd/vol0\\s+\\S+\\s+data\\s+default/kept-vm\\s+Bound");
        cluster.client().resources(DataVolume.class).inNamespace("default").withName("kept-vm-rootdisk").delete();
        cluster.client().persistentVolumes().withName("node02-vol0").waitUntilCondition(
                pv -> pv != null && "Released".equals(pv.getStatus().getPhase()), 30, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(ok("pv", "release", "--owner", "kept-vm").out()).startsWith("released node02-vol0: node02:/var/vd/vol0 wiped");
        Leftovers.assertNoneOf(cluster, "default", "kept-vm", "kept-vm-rootdisk");
    }

    @Test
    void anImageThatIsNotADisk_orTooBig_isAUsageError_withoutRequests() throws IOException {
        Path script = Files.writeString(dir.resolve("setup.sh"), "#!/bin/sh\necho not a disk\n");
        Path big = TestImages.sparse(dir, "big.img", 3L << 30);
        cluster.requests().reset();

        Cli.Result notADisk = Cli.on(cluster, "deploy", "--name", "script-vm", "--memory", "1Gi", "--upload-image", script.toString(),
                "--disk-size", "1Gi");
        Cli.Result tooBig = Cli.on(cluster, "deploy", "--name", "big-vm", "--memory", "1Gi", "--upload-image", big.toString(),
                "--disk-size", "2Gi");

        assertThat(notADisk.exitCode()).isEqualTo(2);
        assertThat(notADisk.err()).startsWith("error: Invalid VmSpec script-vm: 1 problem\n  - --upload-image: 'setup.sh' is ");
        assertThat(tooBig.exitCode()).isEqualTo(2);
        assertThat(tooBig.err()).startsWith("error: Invalid VmSpec big-vm: 1 problem\n  - --disk-size: 'big.img' has a virtual size of 3.00 GiB");
        assertThat(cluster.requests().count()).isZero();
    }

    @Test
    void aDeployOnTheCpuManagersNode_thatTheVmDoesNotTolerate_isRefusedBeforeAnyWrite() {
        Path image = TestImages.raw(dir, "cmk.img", 1, 3);
        cluster.requests().reset();

        Cli.Result r = Cli.on(cluster, "deploy", "--name", "cmk-vm", "--memory", "1Gi", "--node", "node03",
                "--upload-image", image.toString(), "--disk-size", "64Mi");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: Invalid VmSpec cmk-vm: 1 problem\n")
                .contains("node03").contains("cmk:NoSchedule").doesNotContain("\tat ");
        assertThat(cluster.requests().writes()).isZero();
        Leftovers.assertNoneOf(cluster, "default", "cmk-vm", "cmk-vm-rootdisk");
    }

    private static Cli.Result ok(String... args) {
        Cli.Result r = Cli.on(cluster, args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }
}
