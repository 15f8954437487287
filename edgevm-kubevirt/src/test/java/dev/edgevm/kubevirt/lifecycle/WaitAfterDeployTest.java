package dev.edgevm.kubevirt.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.WaitTimeoutException;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.embedded.ClusterRequest;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.FaultKind;
import dev.edgevm.kubevirt.DeleteOptions;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.RetryConfig;
import dev.edgevm.kubevirt.VmManifests;
import dev.edgevm.kubevirt.VmStatus;
import dev.edgevm.kubevirt.WaitResult;
import dev.edgevm.kubevirt.internal.wait.Recheck;
import dev.edgevm.kubevirt.model.VirtualMachine;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A waiter on a VM this client has just deployed waits for the shared informer to show it, however
 * far behind the informer is, instead of reading the VM from the server: a fleet of waiters costs
 * no request beyond the informers' list and watch.
 */
class WaitAfterDeployTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private EmbeddedEdgeCluster cluster;
    private EdgeVm edge;

    @BeforeEach
    void startCluster() {
        cluster = EmbeddedEdgeCluster.builder().nodes(1).seed(3).start();
        edge = EdgeVm.using(cluster.client(), RetryConfig.builder().backoff(Duration.ofMillis(20), Duration.ofMillis(200)).build());
    }

    @AfterEach
    void stopCluster() {
        edge.close();
        cluster.close();
    }

    private static VmSpec stateless(String name) {
        return VmSpec.builder().name(name).memory("256Mi").runStrategy(RunStrategy.ALWAYS)
                .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo")).build();
    }

    private static Predicate<ClusterRequest> readOf(String vm) {
        return r -> r.isFor("virtualmachines") && "GET".equals(r.method()) && vm.equals(r.name());
    }

    @Test
    void aWaiterOnAVmThisClientCreated_waitsForTheLaggingInformer_withoutReadingTheVm() {
        edge.vms().deploy(stateless("first")).await().running(WAIT); // the shared informers are up
        // From now on the VM informer cannot list or watch: it lags behind everything that follows.
        cluster.faults().failNext(Integer.MAX_VALUE, FaultKind.DROPPED_CONNECTION,
                r -> r.isFor("virtualmachines") && "GET".equals(r.method()) && r.name() == null);
        assertThat(cluster.faults().expireWatches()).isPositive();
        cluster.requests().reset();

        DeployedVm vm = edge.vms().deploy(stateless("second"));
        WaitTimeoutException early = catchThrowableOfType(WaitTimeoutException.class, () -> vm.await().running(Duration.ofMillis(1)));

        assertThat(early.getMessage()).contains("no status yet");
        assertThat(cluster.requests().count(readOf("second"))).as("reads of the VM while the informer lags").isZero();

        cluster.faults().clear();
        WaitResult<VmStatus> running = vm.await().running(WAIT);
        assertThat(running.value().printableStatus()).isEqualTo("Running");
        // Until the informer is back, the VM is read every 5 s: its cache is stale meanwhile.
        assertThat(cluster.requests().count(readOf("second"))).as("reads of the VM while the informer reconnected")
                .isLessThanOrEqualTo(running.elapsed().dividedBy(Recheck.EVERY));
    }

    @Test
    void aWaiterOnAVmSomeoneElseCreated_readsItOnce_whileTheInformerLags() throws InterruptedException {
        edge.vms().deploy(stateless("first"));
        cluster.faults().failNext(Integer.MAX_VALUE, FaultKind.DROPPED_CONNECTION,
                r -> r.isFor("virtualmachines") && "GET".equals(r.method()) && r.name() == null);
        cluster.faults().expireWatches();
        VirtualMachine theirs = VmManifests.of(stateless("theirs").toBuilder().namespace("default").runStrategy(RunStrategy.HALTED).build())
                .virtualMachine();
        cluster.client().resources(VirtualMachine.class).inNamespace("default").resource(theirs).create();
        awaitPrintableStatus("theirs", "Stopped");
        cluster.requests().reset();

        VmStatus stopped = edge.vms().withName("theirs").await().stopped(WAIT).value();

        assertThat(stopped.printableStatus()).as("the state read from the server").isEqualTo("Stopped");
        assertThat(cluster.requests().count(readOf("theirs"))).isEqualTo(1);
        cluster.faults().clear();
    }

    @Test
    void aVmDeployedAndDeletedBeforeTheInformerSawIt_isReportedDeleted() {
        edge.vms().deploy(stateless("first"));
        cluster.faults().failNext(Integer.MAX_VALUE, FaultKind.DROPPED_CONNECTION,
                r -> r.isFor("virtualmachines") && "GET".equals(r.method()) && r.name() == null);
        cluster.faults().expireWatches();

        DeployedVm vm = edge.vms().deploy(stateless("brief"));
        vm.delete(DeleteOptions.defaults());

        assertThat(vm.await().deleted(WAIT).value().exists()).isFalse();
        cluster.faults().clear();
    }

    @Test
    void aVmThisClientCreated_thatAnotherClientDeletes_whileTheInformerIsDisconnected_isReportedDeleted() {
        edge.vms().deploy(stateless("first"));
        cluster.faults().failNext(Integer.MAX_VALUE, FaultKind.DROPPED_CONNECTION,
                r -> r.isFor("virtualmachines") && "GET".equals(r.method()) && r.name() == null);
        cluster.faults().expireWatches();
        DeployedVm vm = edge.vms().deploy(VmSpec.builder().name("taken").memory("256Mi").runStrategy(RunStrategy.HALTED)
                .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo")).build()); // the informer never shows it
        cluster.client().resources(VirtualMachine.class).inNamespace("default").withName("taken").delete();

        // No event will come, and this client still expects to see the VM it created: only reading it again tells.
        assertThat(vm.await().deleted(WAIT).value().exists()).isFalse();
        cluster.faults().clear();
    }

    @Test
    void aVmThatGoesWhileTheInformerIsDisconnected_isReportedDeleted_withoutAnyEvent() throws Exception {
        edge.vms().deploy(stateless("first"));
        cluster.faults().failNext(Integer.MAX_VALUE, FaultKind.DROPPED_CONNECTION,
                r -> r.isFor("virtualmachines") && "GET".equals(r.method()) && r.name() == null);
        cluster.faults().expireWatches();
        DeployedVm vm = edge.vms().deploy(stateless("brief"));   // the informer never shows it
        // A finalizer of the test's holds the VM in Terminating while the waiter reads it from the server.
        editFinalizers("brief", f -> f.add("test.edgevm.dev/hold"));
        vm.delete(DeleteOptions.defaults());
        cluster.requests().reset();

        CompletableFuture<WaitResult<VmStatus>> deleted = CompletableFuture.supplyAsync(() -> vm.await().deleted(WAIT));
        while (cluster.requests().count(readOf("brief")) == 0 && !deleted.isDone()) {
            Thread.sleep(20);
        }
        long testReads = editFinalizers("brief", f -> f.remove("test.edgevm.dev/hold"));

        // The informer cannot list or watch: no event will say the VM went; reading it again does.
        assertThat(deleted.get(WAIT.toSeconds() + 10, TimeUnit.SECONDS).value().exists()).isFalse();
        assertThat(cluster.requests().count(readOf("brief")) - testReads).as("the SDK's reads of the VM").isGreaterThan(1);
        cluster.faults().clear();
    }

    /** Reads the VM until KubeVirt's controller has written its status (watches cannot be used: the faults end them). */
    private void awaitPrintableStatus(String vm, String status) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!status.equals(printableStatus(vm))) {
            assertThat(System.nanoTime()).as(vm + " becoming " + status).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private String printableStatus(String vm) {
        VirtualMachine current = cluster.client().resources(VirtualMachine.class).inNamespace("default").withName(vm).get();
        return current == null || current.getStatus() == null ? null : current.getStatus().printableStatus();
    }

    /**
     * Edits a VM's finalizers, again on a conflict: KubeVirt's controller updates the VM meanwhile.
     *
     * @return how many times the VM was read for it
     */
    private long editFinalizers(String vm, Consumer<List<String>> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                cluster.client().resources(VirtualMachine.class).inNamespace("default").withName(vm).edit(v -> {
                    change.accept(v.getMetadata().getFinalizers());
                    return v;
                });
                return attempt;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }
}
