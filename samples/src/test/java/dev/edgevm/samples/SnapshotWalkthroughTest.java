package dev.edgevm.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotWalkthroughTest {

    @TempDir
    Path work;

    @Test
    void walksTheRunbooksVmSnapshot_andLeavesNothing() throws IOException {
        assumeTrue(SampleDisk.qemuImg().isPresent(), "qemu-img is not on the PATH:"
                + " the embedded nodes run it for node-local snapshots (install Debian's qemu-utils)");
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();

            SnapshotWalkthrough.run(edge, work, new PrintStream(printed, true, StandardCharsets.UTF_8));

            assertThat(printed.toString(StandardCharsets.UTF_8).lines()).satisfiesExactly(
                    l -> assertThat(l).isEqualTo("deployed centos-vm: CREATED"),
                    l -> assertThat(l).isEqualTo("snapshot before-upgrade: NODE_LOCAL, READY, disk rootdisk on node01"),
                    l -> assertThat(l).matches("before-upgrade READY \\d+ bytes, sha256 [0-9a-f]{64}"),
                    l -> assertThat(l).isEqualTo("copy centos-vm-copy is running"),
                    l -> assertThat(l).matches("restored into centos-vm: claim centos-dv on volume node01-vol\\d+"),
                    l -> assertThat(l).isEqualTo("downloaded centos-before-upgrade.qcow2: qcow2, checksum verified"),
                    l -> assertThat(l).isEqualTo("deleted the snapshot and both VMs"));
            assertThat(work.resolve("centos-before-upgrade.qcow2")).isRegularFile();
            assertThat(edge.vms().list()).isEmpty();
            assertThat(cluster.client().persistentVolumes().withLabel("app.kubernetes.io/managed-by", "edgevm").list().getItems())
                    .as("volumes left").isEmpty();
        }
    }
}
