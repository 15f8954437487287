package dev.edgevm.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.EnableEmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.VmResource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a user's own test of code that embeds the SDK looks like (the README shows it). */
// tag::junit-extension[]
@EnableEmbeddedEdgeCluster(nodes = 3)
class YourOwnTestsExampleTest {

    EdgeVm edge;                  // connected to a fresh simulated edge cluster for each test
    EmbeddedEdgeCluster cluster;  // the cluster itself: nodes, faults, request log

    @Test
    void myCodeStartsTheVm() {
        VmResource vm = edge.vms().deploy(VmSpec.builder().name("under-test").memory("1Gi")
                .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo"))
                .runStrategy(RunStrategy.ALWAYS).build());

        assertThat(vm.await().running(Duration.ofMinutes(1)).value().node()).isPresent();
        assertThat(cluster.requests().writes()).isEqualTo(1);
    }
}
// end::junit-extension[]
