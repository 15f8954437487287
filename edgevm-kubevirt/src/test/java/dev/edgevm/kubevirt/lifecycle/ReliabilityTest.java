package dev.edgevm.kubevirt.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.FaultKind;
import dev.edgevm.kubevirt.DeleteOptions;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.RetryConfig;
import dev.edgevm.kubevirt.internal.WaitProbe;
import dev.edgevm.kubevirt.model.VirtualMachineInstance;
import dev.edgevm.kubevirt.render.RunbookVms;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Transient failures are retried until operations succeed, with a bounded number of requests. */
class ReliabilityTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private EmbeddedEdgeCluster cluster;
    private EdgeVm edge;

    @BeforeEach
    void startCluster() {
        cluster = EmbeddedEdgeCluster.builder().nodes(2).seed(7).start();
        edge = EdgeVm.using(cluster.client(), RetryConfig.builder().backoff(Duration.ofMillis(20), Duration.ofMillis(200)).build());
    }

    @AfterEach
    void stopCluster() {
        edge.close();
        cluster.close();
    }

    @Test
    void walkthrough_succeedsDespiteInjectedFaults_withBoundedRequests() {
        cluster.faults().kinds(FaultKind.values()).rate(0.3);

        DeployedVm vm = edge.vms().deploy(RunbookVms.statefulCentos().toBuilder()
                .rootDisk(ContainerDisk.of("registry.local/centos:7")).build());
        vm.start();
        vm.await().running(WAIT);
        vm.stop();
        vm.await().stopped(WAIT);
        vm.delete(DeleteOptions.defaults().waitUpTo(WAIT));

        cluster.faults().clear();
        assertThat(vm.exists()).isFalse();
        assertThat(cluster.faults().injected()).isPositive();
        // 6 operations and their watches; without the faults they take about 15 requests.
        assertThat(cluster.requests().count()).isLessThan(200);
    }

    @Test
    void watchClosedWith410_midWait_isResumedAndTheWaitCompletes() throws Exception {
        DeployedVm vm = edge.vms().deploy(VmSpec.builder().name("resumed").memory("256Mi").runStrategy(RunStrategy.HALTED)
                .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo")).build());
        vm.await().stopped(WAIT);

        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> vm.await().running(WAIT).value().printableStatus());
        assertThat(WaitProbe.awaitSubscribed(edge, VirtualMachineInstance.class, "default", "resumed", WAIT)).isTrue();
        assertThat(cluster.faults().expireWatches()).isPositive();
        assertThat(waiting).as("the wait goes on after its watches ended").isNotDone();
        vm.start();

        assertThat(waiting.get()).isEqualTo("Running");
    }
}
