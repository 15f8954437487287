package dev.edgevm.kubevirt.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.UnschedulableException;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.WaitFailedException;
import dev.edgevm.core.WaitTimeoutException;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.internal.WaitProbe;
import dev.edgevm.kubevirt.model.VirtualMachineInstance;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Waits fail fast, with the VM's own reason, when the VM reports a state it cannot leave by itself. */
class WaitFailuresTest {

    private static final String BROKEN_IMAGE = "registry.invalid/broken:1";
    private static EmbeddedEdgeCluster cluster;
    private static EdgeVm edge;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedEdgeCluster.builder().nodes(3).unpullableImage(BROKEN_IMAGE).start();
        edge = EdgeVm.using(cluster.client());
    }

    @AfterAll
    static void stopCluster() {
        edge.close();
        cluster.close();
    }

    private static VmSpec.Builder alwaysRunning(String name) {
        return VmSpec.builder().name(name).memory("1Gi").runStrategy(RunStrategy.ALWAYS)
                .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo"));
    }

    @Test
    void unschedulableVm_failsTheWaitWithTheSchedulersMessage() {
        DeployedVm vm = edge.vms().deploy(alwaysRunning("nowhere").nodeSelector("disktype", "nvme").build());

        UnschedulableException e = catchThrowableOfType(UnschedulableException.class, () -> vm.await().running(Duration.ofMinutes(2)));

        assertThat(e.detail()).startsWith("0/3 nodes are available");
        assertThat(e.reason()).isEqualTo("ErrorUnschedulable");
    }

    @Test
    void unpullableImage_failsTheWaitNamingTheImage() {
        DeployedVm vm = edge.vms().deploy(alwaysRunning("broken").rootDisk(ContainerDisk.of(BROKEN_IMAGE)).build());

        WaitFailedException e = catchThrowableOfType(WaitFailedException.class, () -> vm.await().running(Duration.ofMinutes(2)));

        assertThat(e.reason()).isIn("ErrImagePull", "ImagePullBackOff");
        assertThat(e.detail()).contains(BROKEN_IMAGE);
    }

    @Test
    void ipAddressOfAnUnschedulableVm_failsWithTheSchedulersMessage() {
        DeployedVm vm = edge.vms().deploy(alwaysRunning("nowhere-ip").nodeSelector("disktype", "nvme").build());

        UnschedulableException e = catchThrowableOfType(UnschedulableException.class, () -> vm.await().ipAddress(Duration.ofMinutes(2)));

        assertThat(e.detail()).startsWith("0/3 nodes are available");
        assertThat(e.awaited()).contains("IP address");
    }

    @Test
    void ipAddressOfAVmWithAnUnpullableImage_failsNamingTheImage() {
        DeployedVm vm = edge.vms().deploy(alwaysRunning("broken-ip").rootDisk(ContainerDisk.of(BROKEN_IMAGE)).build());

        WaitFailedException e = catchThrowableOfType(WaitFailedException.class, () -> vm.await().ipAddress(Duration.ofMinutes(2)));

        assertThat(e.detail()).contains(BROKEN_IMAGE);
    }

    @Test
    void pausedOnAVmThatCannotStart_failsInsteadOfWaitingForever() {
        DeployedVm vm = edge.vms().deploy(alwaysRunning("nowhere-paused").nodeSelector("disktype", "nvme").build());

        UnschedulableException e = catchThrowableOfType(UnschedulableException.class, () -> vm.await().paused(Duration.ofMinutes(2)));

        assertThat(e.reason()).isEqualTo("ErrorUnschedulable");
        assertThat(e.awaited()).contains("Paused");
    }

    @Test
    void pausedOnAVmThatIsDeleted_failsSayingSo() throws Exception {
        DeployedVm vm = edge.vms().deploy(alwaysRunning("going").build());
        vm.await().running(Duration.ofMinutes(2));

        CompletableFuture<Throwable> paused = CompletableFuture.supplyAsync(
                () -> catchThrowableOfType(WaitFailedException.class, () -> vm.await().paused(Duration.ofMinutes(2))));
        assertThat(WaitProbe.awaitSubscribed(edge, VirtualMachineInstance.class, "default", "going", Duration.ofMinutes(1))).isTrue();
        vm.delete();

        WaitFailedException e = (WaitFailedException) paused.get(3, TimeUnit.MINUTES);
        assertThat(e.reason()).isIn("NotFound", "NotRunning");
    }

    @Test
    void timeout_saysWhatItWaitedForAndTheLastState() {
        DeployedVm vm = edge.vms().deploy(alwaysRunning("halted").runStrategy(RunStrategy.HALTED).build());
        vm.await().stopped(Duration.ofMinutes(2)); // the state the short wait below will see

        WaitTimeoutException e = catchThrowableOfType(WaitTimeoutException.class, () -> vm.await().running(Duration.ofMillis(300)));

        assertThat(e.awaited()).contains("halted").contains("Running");
        assertThat(e.lastState()).startsWith("Stopped");
    }
}
