package dev.edgevm.kubevirt.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.embedded.ClusterRequest;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.EnableEmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.VmStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** However many waits run at once, a client lists and watches each kind of a namespace once. */
@EnableEmbeddedEdgeCluster(nodes = 2)
class ConcurrentWaitersTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int WAITERS = 10;
    EmbeddedEdgeCluster cluster;

    private static Predicate<ClusterRequest> list(String resource) {
        return r -> r.isFor(resource) && "GET".equals(r.method()) && r.name() == null && !r.watch();
    }

    private static Predicate<ClusterRequest> watch(String resource) {
        return r -> r.isFor(resource) && r.watch();
    }

    @Test
    void tenConcurrentWaits_shareOneListAndOneWatchPerKind() throws Exception {
        try (EdgeVm deployer = EdgeVm.using(cluster.client())) {
            for (int i = 0; i < WAITERS; i++) {
                deployer.vms().deploy(VmSpec.builder().name("fleet-" + i).memory("256Mi").runStrategy(RunStrategy.ALWAYS)
                        .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo")).build());
            }
        }
        cluster.requests().reset();

        ExecutorService threads = Executors.newFixedThreadPool(WAITERS);
        try (EdgeVm edge = EdgeVm.using(cluster.client())) { // no informer started yet: the waits start them, together
            List<Future<VmStatus>> waits = new ArrayList<>();
            for (int i = 0; i < WAITERS; i++) {
                String name = "fleet-" + i;
                waits.add(threads.submit(() -> edge.vms().withName(name).await().running(WAIT).value()));
            }
            for (Future<VmStatus> wait : waits) {
                assertThat(wait.get(WAIT.toSeconds() + 30, TimeUnit.SECONDS).printableStatus()).isEqualTo("Running");
            }
        } finally {
            threads.shutdownNow();
        }

        for (String kind : List.of("virtualmachines", "virtualmachineinstances")) {
            assertThat(cluster.requests().count(list(kind))).as("lists of " + kind).isEqualTo(1);
            assertThat(cluster.requests().count(watch(kind))).as("watches of " + kind).isEqualTo(1);
        }
        assertThat(cluster.requests().count(r -> "GET".equals(r.method()) && r.name() != null)).as("reads of single objects").isZero();
    }
}
