package dev.edgevm.kubevirt.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.WaitTimeoutException;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.EnableEmbeddedEdgeCluster;
import dev.edgevm.embedded.FaultKind;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.VmStatus;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.VirtualMachineInstance;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A wait after a restart waits for the restart's effect. Were it satisfied by the instance the
 * restart replaces, a stop sent next would land while the restart is under way; KubeVirt then
 * carries out the restart's pending start and runs the VM again, after "stopped" was reported.
 */
@EnableEmbeddedEdgeCluster(nodes = 2)
class RestartWaitTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    EmbeddedEdgeCluster cluster;
    EdgeVm edge;

    @Test
    void aWaitAfterRestart_neverReturnsOnTheReplacedInstance_andTheStopThatFollowsHolds() {
        DeployedVm vm = edge.vms().deploy(VmSpec.builder().name("restarted").memory("256Mi").runStrategy(RunStrategy.ALWAYS)
                .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo")).build());
        String before = vm.await().running(WAIT).value().instanceUid().orElseThrow();
        // The informers can no longer list or watch: their caches keep the instance running before the restart.
        cluster.faults().failNext(Integer.MAX_VALUE, FaultKind.DROPPED_CONNECTION,
                r -> (r.isFor("virtualmachines") || r.isFor("virtualmachineinstances")) && "GET".equals(r.method()) && r.name() == null);
        assertThat(cluster.faults().expireWatches()).isPositive();

        vm.restart();
        WaitTimeoutException early = catchThrowableOfType(WaitTimeoutException.class, () -> vm.await().running(Duration.ofSeconds(1)));

        assertThat(early).as("a wait satisfied by the replaced instance").isNotNull();
        assertThat(early.lastState()).startsWith("Running");

        cluster.faults().clear();
        VmStatus after = vm.await().running(WAIT).value();
        assertThat(after.instanceUid()).isPresent().get().isNotEqualTo(before);
        assertThat(after.stateChangeRequests()).isEmpty();

        vm.stop();
        vm.await().stopped(WAIT);
        VirtualMachine stopped = cluster.client().resources(VirtualMachine.class).inNamespace("default").withName("restarted").get();
        assertThat(stopped.getSpec().runStrategy()).isEqualTo("Halted");
        assertThat(stopped.getStatus().stateChangeRequests()).as("no start left over from the restart").isNullOrEmpty();
        // the VM reads Stopped once the instance Succeeded; the instance goes when its launcher pod has
        assertThat(cluster.client().resources(VirtualMachineInstance.class).inNamespace("default").withName("restarted")
                .waitUntilCondition(vmi -> vmi == null, WAIT.toSeconds(), TimeUnit.SECONDS)).isNull();
    }
}
