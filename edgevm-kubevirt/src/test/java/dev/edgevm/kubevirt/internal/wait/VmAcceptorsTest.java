package dev.edgevm.kubevirt.internal.wait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.UnschedulableException;
import dev.edgevm.core.WaitFailedException;
import dev.edgevm.core.WaitTimeoutException;
import dev.edgevm.kubevirt.VmCondition;
import dev.edgevm.kubevirt.VmInterface;
import dev.edgevm.kubevirt.VmStatus;
import dev.edgevm.kubevirt.WaitResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class VmAcceptorsTest {

    private static VmStatus.Builder vm() {
        return VmStatus.builder("default", "cirros");
    }

    private static Acceptor.Outcome running(VmStatus s) {
        return new Waiter<>("running", VmAcceptors.running(Optional.empty()), Clock.systemUTC()).decide(s);
    }

    @Test
    void running_succeedsOnlyWhenTheVmAndItsInstanceRun() {
        assertThat(running(vm().printableStatus("Starting").phase("Scheduled").build())).isEqualTo(Acceptor.Outcome.RETRY);
        assertThat(running(vm().printableStatus("Running").phase("Scheduled").build())).isEqualTo(Acceptor.Outcome.RETRY);
        assertThat(running(vm().printableStatus("Running").phase("Running").build())).isEqualTo(Acceptor.Outcome.SUCCESS);
    }

    @Test
    void running_failsFastOnTerminalStates() {
        assertThat(running(vm().printableStatus("ErrorUnschedulable").build())).isEqualTo(Acceptor.Outcome.FAILURE);
        assertThat(running(vm().printableStatus("ErrImagePull").build())).isEqualTo(Acceptor.Outcome.FAILURE);
        assertThat(running(vm().printableStatus("ImagePullBackOff").build())).isEqualTo(Acceptor.Outcome.FAILURE);
        assertThat(running(vm().printableStatus("Starting").phase("Failed").build())).isEqualTo(Acceptor.Outcome.FAILURE);
        assertThat(running(VmStatus.absent("default", "cirros"))).isEqualTo(Acceptor.Outcome.FAILURE);
    }

    @Test
    void running_afterARestart_refusesTheInstanceTheRestartReplaced() {
        Optional<String> replaced = Optional.of("uid-before-restart");
        Waiter<VmStatus> afterRestart = new Waiter<>("running", VmAcceptors.running(replaced), Clock.systemUTC());
        VmStatus.Builder running = vm().printableStatus("Running").phase("Running");

        assertThat(afterRestart.decide(running.instanceUid("uid-before-restart").build())).isEqualTo(Acceptor.Outcome.RETRY);
        assertThat(afterRestart.decide(running.instanceUid("uid-after-restart").build())).isEqualTo(Acceptor.Outcome.SUCCESS);
        // The old instance failing as it is shut down says nothing about the new one.
        assertThat(afterRestart.decide(vm().printableStatus("Stopping").phase("Failed").instanceUid("uid-before-restart").build()))
                .isEqualTo(Acceptor.Outcome.RETRY);
        Waiter<VmStatus> ipAfterRestart = new Waiter<>("ip", VmAcceptors.ipAddress(replaced), Clock.systemUTC());
        VmStatus oldAddress = running.instanceUid("uid-before-restart")
                .interfaces(List.of(new VmInterface("default", null, List.of("10.244.0.5"), null))).build();
        assertThat(ipAfterRestart.decide(oldAddress)).isEqualTo(Acceptor.Outcome.RETRY);
    }

    @Test
    void pendingStateChanges_meanTheVmIsNotThereYet() {
        VmStatus restarting = vm().printableStatus("Running").phase("Running").instanceUid("a")
                .stateChangeRequests(List.of("Stop", "Start")).build();
        VmStatus stoppedButStarting = vm().printableStatus("Stopped").stateChangeRequests(List.of("Start")).build();

        assertThat(running(restarting)).isEqualTo(Acceptor.Outcome.RETRY);
        assertThat(new Waiter<>("stopped", VmAcceptors.stopped(), Clock.systemUTC()).decide(stoppedButStarting))
                .isEqualTo(Acceptor.Outcome.RETRY);
        assertThat(running(vm().printableStatus("Running").phase("Running").instanceUid("b").build()))
                .isEqualTo(Acceptor.Outcome.SUCCESS);
    }

    @Test
    void paused_failsFast_whenTheVmCannotStart() {
        VmStatus s = vm().printableStatus("ErrorUnschedulable").conditions(List.of(
                new VmCondition("VirtualMachineInstance", "PodScheduled", "False", "Unschedulable", "0/3 nodes are available"))).build();

        assertThat(new Waiter<>("paused", VmAcceptors.paused(), Clock.systemUTC()).decide(s)).isEqualTo(Acceptor.Outcome.FAILURE);
    }

    @Test
    void toString_saysEachConditionOnce_andWhatIsPending() {
        VmCondition onVm = new VmCondition("VirtualMachine", "PodScheduled", "False", "Unschedulable", "0/3 nodes are available");
        VmCondition onInstance = new VmCondition("VirtualMachineInstance", "PodScheduled", "False", "Unschedulable", "0/3 nodes are available");
        VmStatus s = vm().printableStatus("ErrorUnschedulable").conditions(List.of(onVm, onInstance))
                .stateChangeRequests(List.of("Start")).build();

        assertThat(s.toString()).isEqualTo("ErrorUnschedulable; pending Start; PodScheduled: 0/3 nodes are available");
    }

    @Test
    void unschedulable_carriesTheSchedulersMessage() {
        String message = "0/3 nodes are available: 3 Insufficient intel.com/intel_sriov_vm.";
        VmStatus s = vm().printableStatus("ErrorUnschedulable").conditions(List.of(
                new VmCondition("VirtualMachineInstance", "PodScheduled", "False", "Unschedulable", message))).build();

        UnschedulableException e = catchThrowableOfType(UnschedulableException.class,
                () -> new Waiter<>("vm running", VmAcceptors.running(Optional.empty()), Clock.systemUTC()).await(Duration.ofSeconds(5), () -> s, (r, within) -> () -> { }));

        assertThat(e.detail()).isEqualTo(message);
        assertThat(e.reason()).isEqualTo("ErrorUnschedulable");
    }

    @Test
    void imagePull_namesTheImage() {
        VmStatus s = vm().printableStatus("ErrImagePull").containerDiskImages(List.of("registry.invalid/broken:1")).build();

        WaitFailedException e = catchThrowableOfType(WaitFailedException.class,
                () -> new Waiter<>("vm running", VmAcceptors.running(Optional.empty()), Clock.systemUTC()).await(Duration.ofSeconds(5), () -> s, (r, within) -> () -> { }));

        assertThat(e.reason()).isEqualTo("ErrImagePull");
        assertThat(e.detail()).contains("registry.invalid/broken:1");
    }

    @Test
    void stopped_pausedAndDeleted_matchTheirStates() {
        Waiter<VmStatus> stopped = new Waiter<>("stopped", VmAcceptors.stopped(), Clock.systemUTC());
        assertThat(stopped.decide(vm().printableStatus("Stopping").phase("Running").build())).isEqualTo(Acceptor.Outcome.RETRY);
        assertThat(stopped.decide(vm().printableStatus("Stopped").build())).isEqualTo(Acceptor.Outcome.SUCCESS);
        Waiter<VmStatus> paused = new Waiter<>("paused", VmAcceptors.paused(), Clock.systemUTC());
        assertThat(paused.decide(vm().printableStatus("Running").phase("Running").build())).isEqualTo(Acceptor.Outcome.RETRY);
        assertThat(paused.decide(vm().printableStatus("Paused").phase("Running").build())).isEqualTo(Acceptor.Outcome.SUCCESS);
        Waiter<VmStatus> deleted = new Waiter<>("deleted", VmAcceptors.deleted(), Clock.systemUTC());
        assertThat(deleted.decide(vm().printableStatus("Terminating").build())).isEqualTo(Acceptor.Outcome.RETRY);
        assertThat(deleted.decide(VmStatus.absent("default", "cirros"))).isEqualTo(Acceptor.Outcome.SUCCESS);
    }

    @Test
    void waiter_returnsWhenAChangeSatisfiesIt_withoutPolling() throws Exception {
        AtomicReference<VmStatus> state = new AtomicReference<>(vm().printableStatus("Starting").phase("Scheduling").build());
        AtomicReference<Runnable> onChange = new AtomicReference<>();
        java.util.concurrent.CountDownLatch firstLook = new java.util.concurrent.CountDownLatch(1);
        Thread changer = new Thread(() -> {
            try {
                firstLook.await(); // the waiter has seen Starting and is now waiting for a change
            } catch (InterruptedException e) {
                return;
            }
            state.set(vm().printableStatus("Running").phase("Running")
                    .interfaces(List.of(new VmInterface("default", null, List.of("10.244.0.5"), null))).build());
            onChange.get().run();
        });
        changer.start();

        WaitResult<VmStatus> r = new Waiter<>("running", VmAcceptors.running(Optional.empty()), Clock.systemUTC())
                .await(Duration.ofSeconds(30), () -> {
                    VmStatus s = state.get();
                    firstLook.countDown();
                    return s;
                }, (callback, within) -> {
                    onChange.set(callback);
                    return () -> { };
                });
        changer.join();

        assertThat(r.value().ipAddress()).contains("10.244.0.5");
        assertThat(r.attempts()).isEqualTo(2);
    }

    @Test
    void theTimeoutBoundsSubscribingToo() {
        AtomicReference<Duration> given = new AtomicReference<>();

        WaitTimeoutException e = catchThrowableOfType(WaitTimeoutException.class,
                () -> new Waiter<>("VirtualMachine default/cirros to be Running", VmAcceptors.running(Optional.empty()), Clock.systemUTC())
                        .await(Duration.ofMillis(200), () -> vm().build(), (r, within) -> {
                            given.set(within);
                            throw new java.util.concurrent.TimeoutException("the list of VirtualMachine in default has not finished");
                        }));

        assertThat(given.get()).isEqualTo(Duration.ofMillis(200));
        assertThat(e.lastState()).isEqualTo("nothing yet (the list of VirtualMachine in default has not finished)");
        assertThat(e.attempts()).isZero();
    }

    @Test
    void timeout_saysWhatItWaitedForAndTheLastStateSeen() {
        VmStatus s = vm().printableStatus("Starting").phase("Scheduling").build();

        WaitTimeoutException e = catchThrowableOfType(WaitTimeoutException.class,
                () -> new Waiter<>("VirtualMachine default/cirros to be Running", VmAcceptors.running(Optional.empty()), Clock.systemUTC())
                        .await(Duration.ofMillis(50), () -> s, (r, within) -> () -> { }));

        assertThat(e.awaited()).isEqualTo("VirtualMachine default/cirros to be Running");
        assertThat(e.lastState()).isEqualTo(s.toString());
        assertThat(e.attempts()).isEqualTo(1);
    }
}
