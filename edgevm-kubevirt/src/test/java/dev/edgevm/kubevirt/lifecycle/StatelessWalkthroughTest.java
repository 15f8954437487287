package dev.edgevm.kubevirt.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.ConflictException;
import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.VmSpec;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.DeleteOptions;
import dev.edgevm.kubevirt.DeployOutcome;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.VmConsole;
import dev.edgevm.kubevirt.VmEvent;
import dev.edgevm.kubevirt.VmStatus;
import dev.edgevm.kubevirt.model.VirtualMachineInstance;
import dev.edgevm.kubevirt.render.RunbookVms;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runbook's "Stateless VM deployment", step by step, through the SDK. */
class StatelessWalkthroughTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static EmbeddedEdgeCluster cluster;
    private static EdgeVm edge;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedEdgeCluster.builder().nodes(3).start();
        edge = EdgeVm.using(cluster.client());
    }

    @AfterAll
    static void stopCluster() {
        edge.close();
        cluster.close();
    }

    @Test
    void runbookStatelessWalkthrough() throws IOException {
        // 1. Deploy the VM (halted, as kubectl create of statelessVM.yaml leaves it)
        VmSpec cirros = RunbookVms.statelessCirros();
        DeployedVm vm = edge.vms().deploy(cirros);
        assertThat(vm.outcome()).isEqualTo(DeployOutcome.CREATED);
        assertThat(vm.await().stopped(WAIT).value().printableStatus()).isEqualTo("Stopped");

        // 2. Start it (kubectl virt start)
        vm.start();
        VmStatus running = vm.await().running(WAIT).value();
        assertThat(running.node()).isPresent();

        // 3. Its launcher pod and Running VMI exist (kubectl get pods | grep launcher; kubectl get vms)
        List<Pod> launchers = cluster.client().pods().inNamespace("default").withLabel("vm.kubevirt.io/name", cirros.name()).list().getItems();
        assertThat(launchers).hasSize(1);
        assertThat(launchers.get(0).getMetadata().getName()).startsWith("virt-launcher-" + cirros.name() + "-");
        VirtualMachineInstance vmi = cluster.client().resources(VirtualMachineInstance.class).inNamespace("default").withName(cirros.name()).get();
        assertThat(vmi.getStatus().phase()).isEqualTo("Running");

        // 5. Its address on the pod network (kubectl get vmi)
        String ip = vm.await().ipAddress(WAIT).value();
        assertThat(ip).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        assertThat(vm.ipAddress()).contains(ip);

        // 4. Its serial console answers (kubectl virt console)
        try (VmConsole console = vm.console()) {
            console.input().write("\r".getBytes(StandardCharsets.UTF_8));
            assertThat(readUntil(console, "login:", WAIT)).contains("login:");
        }

        // pause / unpause / restart / stop (the runbook's command list)
        vm.pause();
        assertThat(vm.await().paused(WAIT).value().printableStatus()).isEqualTo("Paused");
        vm.unpause();
        vm.await().running(WAIT);
        vm.restart();
        vm.await().running(WAIT);
        vm.stop();
        vm.await().stopped(WAIT);

        List<VmEvent> events = vm.events();
        assertThat(events).isNotEmpty();
        assertThat(events).isSortedAccordingTo((a, b) -> b.time().compareTo(a.time()));

        assertThat(vm.delete(DeleteOptions.defaults().waitUpTo(WAIT))).isTrue();
        assertThat(vm.exists()).isFalse();
        assertThat(cluster.client().secrets().inNamespace("default").withLabel("edgevm.dev/vm", cirros.name()).list().getItems()).isEmpty();
    }

    @Test
    void invalidTransitions_nameTheCurrentState() {
        DeployedVm vm = edge.vms().deploy(RunbookVms.statelessCirros().toBuilder().name("transitions").runStrategy(RunStrategy.ALWAYS).build());
        vm.await().running(WAIT);

        ConflictException alreadyRunning = catchThrowableOfType(ConflictException.class, vm::start);
        assertThat(alreadyRunning.code()).isEqualTo(409);
        assertThat(alreadyRunning.statusMessage()).hasValueSatisfying(m -> assertThat(m).endsWith("VM is already running"));
        assertThat(alreadyRunning.getMessage()).contains("the VM is Running (instance Running on node");

        vm.stop();
        vm.await().stopped(WAIT);
        ConflictException alreadyStopped = catchThrowableOfType(ConflictException.class, vm::stop);
        assertThat(alreadyStopped.statusMessage()).hasValueSatisfying(m -> assertThat(m).endsWith("VM is not running"));
        assertThat(alreadyStopped.getMessage()).contains("the VM is Stopped");
        vm.delete(DeleteOptions.defaults().waitUpTo(WAIT));
    }

    /** Reads the console until {@code marker} shows, failing (and closing the console) if it does not within {@code timeout}. */
    private static String readUntil(VmConsole console, String marker, Duration timeout) {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            byte[] buf = new byte[256];
            try {
                int n;
                while (!seen.toString(StandardCharsets.UTF_8).contains(marker) && (n = console.output().read(buf)) >= 0) {
                    seen.write(buf, 0, n);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return seen.toString(StandardCharsets.UTF_8);
        });
        try {
            return read.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            console.close(); // ends the blocked read
            throw new AssertionError("the console did not show '" + marker + "' within " + timeout + "; it showed: " + seen, e);
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError("reading the console failed", e);
        }
    }
}
