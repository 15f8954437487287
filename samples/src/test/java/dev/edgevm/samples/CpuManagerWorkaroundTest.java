package dev.edgevm.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.storage.EdgeStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CpuManagerWorkaroundTest {

    @Test
    void theDeployToTheCpuManagersNodeIsRefused_untilCdiToleratesItsTaint() throws IOException {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(3).node("node03", n -> n.taint("cmk", null, "NoSchedule")).start();
             EdgeVm edge = EdgeVm.using(cluster.client());
             SampleDisk disk = SampleDisk.centosLike()) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();

            CpuManagerWorkaround.run(edge, disk.image(), new PrintStream(printed, true, StandardCharsets.UTF_8));

            assertThat(printed.toString(StandardCharsets.UTF_8).lines()).satisfiesExactly(
                    l -> assertThat(l).isEqualTo("refused: CDI's upload pods do not tolerate the taint cmk:NoSchedule on node03"),
                    l -> assertThat(l).isEqualTo("CDI's pods now tolerate cmk:NoSchedule on node03"),
                    l -> assertThat(l).isEqualTo("centos-vm-cmk running on node03"),
                    l -> assertThat(l).isEqualTo("deleted with its storage"));
            assertThat(EdgeStorage.of(edge).cdi().untoleratedTaints()).isEmpty();
            assertThat(cluster.client().persistentVolumes().list().getItems()).isEmpty();
        }
    }

    @Test
    void onAClusterWithoutSuchTaints_itChangesNothing() throws IOException {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().start();
             EdgeVm edge = EdgeVm.using(cluster.client());
             SampleDisk disk = SampleDisk.centosLike()) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            cluster.requests().reset();

            CpuManagerWorkaround.run(edge, disk.image(), new PrintStream(printed, true, StandardCharsets.UTF_8));

            assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("CDI's pods tolerate the CPU manager's taint on every node:"
                    + " nothing to work around\n");
            assertThat(cluster.requests().writes()).isZero();
        }
    }

    /** On a real cluster other taints keep workloads off nodes for reasons of their own: only the CPU manager's is tolerated. */
    @Test
    void anotherTaint_isLeftAlone() throws IOException {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(3).node("node03", n -> n.taint("cmk", null, "NoSchedule"))
                .node("node02", n -> n.taint("dedicated", "gpu", "NoSchedule")).start();
             EdgeVm edge = EdgeVm.using(cluster.client());
             SampleDisk disk = SampleDisk.centosLike()) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();

            CpuManagerWorkaround.run(edge, disk.image(), new PrintStream(printed, true, StandardCharsets.UTF_8));

            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("CDI's pods now tolerate cmk:NoSchedule on node03");
            assertThat(EdgeStorage.of(edge).cdi().untoleratedTaints()).extracting(Object::toString)
                    .containsExactly("dedicated=gpu:NoSchedule on node02");
        }
    }
}
