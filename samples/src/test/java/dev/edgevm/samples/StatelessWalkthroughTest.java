package dev.edgevm.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StatelessWalkthroughTest {

    @Test
    void walksTheRunbooksStatelessVm_andLeavesNothing() throws IOException {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();

            StatelessWalkthrough.run(edge, new PrintStream(printed, true, StandardCharsets.UTF_8));

            assertThat(printed.toString(StandardCharsets.UTF_8).lines()).satisfiesExactly(
                    l -> assertThat(l).isEqualTo("deployed cirros-stateless-vm: CREATED"),
                    l -> assertThat(l).matches("running on node01 with IP \\d+\\.\\d+\\.\\d+\\.\\d+"),
                    l -> assertThat(l).isEqualTo("console: cirros-stateless-vm login:"),
                    l -> assertThat(l).isEqualTo("paused and resumed"),
                    l -> assertThat(l).isEqualTo("stopped and deleted"));
            assertThat(edge.vms().list()).isEmpty();
            assertThat(cluster.client().secrets().inNamespace("default").list().getItems())
                    .noneMatch(s -> s.getMetadata().getName().startsWith("cirros-stateless-vm"));
        }
    }

    /** A VM of the sample's name that was there before the run is someone's: used, and left in place. */
    @Test
    void aVmThatWasThereBefore_isNotDeleted() throws IOException {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            edge.vms().deploy(VmSpec.builder().name("cirros-stateless-vm").cpuCores(2).memory("2056M")
                    .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo")).build());
            ByteArrayOutputStream printed = new ByteArrayOutputStream();

            StatelessWalkthrough.run(edge, new PrintStream(printed, true, StandardCharsets.UTF_8));

            assertThat(printed.toString(StandardCharsets.UTF_8).lines()).first().isEqualTo("deployed cirros-stateless-vm: UNCHANGED");
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("kept default/cirros-stateless-vm: it was there before this run")
                    .doesNotContain("stopped and deleted");
            assertThat(edge.vms().withName("cirros-stateless-vm").find()).isPresent();
        }
    }
}
