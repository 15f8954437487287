package dev.edgevm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgevm.cli.demo.DemoImage;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.model.VirtualMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code edgevm snapshot ...} against one embedded cluster, with the real qemu-img doing the copies. */
class SnapshotCommandsTest {


    private static EmbeddedEdgeCluster cluster;
    private static EdgeVm edge;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        assumeTrue(DemoImage.qemuImg().isPresent(), "qemu-img is not on the PATH:"
                + " node-local snapshots run it on the node (install Debian's qemu-utils)");
        cluster = EmbeddedEdgeCluster.builder().nodes(1).start();
        edge = EdgeVm.using(cluster.client());
        byte[] bytes = new byte[1024 * 1024];
        new Random(5).nextBytes(bytes);
        Path image = Files.write(dir.resolve("centos.img"), bytes);
        edge.vms().deploy(VmSpec.builder().name("centos-vm").cpuCores(1).memory("1Gi")
                .rootDisk(UploadedDisk.of(image).size("64Mi").dataVolumeName("centos-dv")).build());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            edge.close();
            cluster.close();
        }
    }

    @Test
    void takeListExportRestoreDelete() throws Exception {
        cluster.requests().reset();
        Cli.Result take = Cli.on(cluster, "snapshot", "take", "centos-vm", "before-upgrade", "--compress");

        assertThat(take.exitCode()).as(take.toString()).isZero();
        assertThat(take.out()).contains("  copying: qemu-img convert -f raw -O qcow2 -c node01:/var/vd/vol0/disk.img",
                "snapshot default/before-upgrade of VM centos-vm is ready (node-local)",
                "  rootdisk: claim centos-dv -> node01-vol", "qcow2 (compressed)", "sha256 ");

        Cli.Result list = Cli.on(cluster, "snapshot", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out().lines().toList().get(0)).matches("NAME +VM +KIND +PHASE +DISKS +SIZE +CREATED");
        assertThat(list.out()).containsPattern("before-upgrade +centos-vm +node-local +READY +1 ");
        JsonNode json = JsonMapper.builder().build().readTree(Cli.on(cluster, "snapshot", "list", "centos-vm", "-o", "json").out());
        JsonNode disk = json.get(0).path("disks").get(0);
        assertThat(disk.path("format").asString()).isEqualTo("qcow2");
        assertThat(disk.path("sha256").asString()).hasSize(64);
        assertThat(Cli.on(cluster, "snapshot", "list", "other-vm").err()).contains("No snapshots in namespace default of VM other-vm.");

        Path file = dir.resolve("before-upgrade.qcow2");
        Cli.Result export = Cli.on(cluster, "snapshot", "export", "before-upgrade", "--to", file.toString());
        assertThat(export.exitCode()).as(export.toString()).isZero();
        assertThat(export.out()).contains(file + ": qcow2, ", "sha256 " + disk.path("sha256").asString(), "(matches the snapshot's)");
        assertThat(Files.size(file)).isEqualTo(disk.path("size").asLong());

        Cli.Result restore = Cli.on(cluster, "snapshot", "restore", "before-upgrade");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(restore.out()).contains("snapshot before-upgrade restored into VirtualMachine default/centos-vm",
                "rootdisk: claim centos-dv on node01-vol", "freed: node01-vol0");

        Cli.Result copy = Cli.on(cluster, "snapshot", "restore", "before-upgrade", "--as", "centos-copy");
        assertThat(copy.exitCode()).as(copy.toString()).isZero();
        assertThat(copy.out()).contains("VirtualMachine default/centos-copy created from snapshot before-upgrade",
                "edgevm start centos-copy -n default");
        assertThat(cluster.client().resources(VirtualMachine.class).inNamespace("default").withName("centos-copy").get()).isNotNull();

        Cli.Result delete = Cli.on(cluster, "snapshot", "delete", "before-upgrade");
        assertThat(delete.exitCode()).isZero();
        assertThat(delete.out()).isEqualTo("snapshot default/before-upgrade deleted\n");
        Cli.Result again = Cli.on(cluster, "snapshot", "delete", "before-upgrade");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("snapshot default/before-upgrade does not exist");
    }

    @Test
    void aRunningVm_isRefusedWithWhatToDo() {
        edge.vms().withName("centos-vm").start();
        edge.vms().withName("centos-vm").await().running(java.time.Duration.ofSeconds(60));

        Cli.Result refused = Cli.on(cluster, "snapshot", "take", "centos-vm", "while-running");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).startsWith("error: VM default/centos-vm is Running").contains("Stop it first",
                "edgevm stop centos-vm", "--paused-ok");
        assertThat(Cli.on(cluster, "snapshot", "list").err()).contains("No snapshots");
        edge.vms().withName("centos-vm").stop();
        edge.vms().withName("centos-vm").await().stopped(java.time.Duration.ofSeconds(60));
    }

    @Test
    void badNames_areUsageErrors() {
        Cli.Result bad = Cli.on(cluster, "snapshot", "take", "centos-vm", "Not_A_Name");

        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("name: 'Not_A_Name'");
    }
}
