package dev.edgevm.kubevirt.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.embedded.ClusterRequest;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.FaultKind;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.RetryConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request answered 429 with Retry-After is sent again no earlier than the server asked, however
 * short and jittery the configured backoff. The times are taken where the requests arrive.
 */
class RetryAfterTest {

    private static final int RETRY_AFTER_SECONDS = 1;
    private EmbeddedEdgeCluster cluster;
    private EdgeVm edge;

    @BeforeEach
    void startCluster() {
        cluster = EmbeddedEdgeCluster.builder().nodes(1).start();
        cluster.faults().retryAfterSeconds(RETRY_AFTER_SECONDS);
        edge = EdgeVm.using(cluster.client(), RetryConfig.builder().backoff(Duration.ofMillis(1), Duration.ofMillis(5)).jitter(0.9).build());
    }

    @AfterEach
    void stopCluster() {
        edge.close();
        cluster.close();
    }

    /** Records when each request {@code target} matches arrives at the server, and answers the first with 429. */
    private List<Long> tooManyRequestsOnce(Predicate<ClusterRequest> target) {
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        cluster.faults().failNext(Integer.MAX_VALUE, FaultKind.TOO_MANY_REQUESTS, r -> {
            if (target.test(r)) {
                arrivals.add(System.nanoTime());
            }
            return false; // records, never fails
        });
        cluster.faults().failNext(1, FaultKind.TOO_MANY_REQUESTS, target);
        return arrivals;
    }

    private static Duration between(List<Long> arrivals) {
        return Duration.ofNanos(arrivals.get(1) - arrivals.get(0));
    }

    @Test
    void aReadAnswered429_isSentAgainNoEarlierThanRetryAfter() {
        List<Long> arrivals = tooManyRequestsOnce(r -> r.isFor("virtualmachines") && "GET".equals(r.method()) && "probe".equals(r.name()));

        assertThat(edge.vms().withName("probe").exists()).isFalse();

        assertThat(arrivals).hasSize(2);
        assertThat(between(arrivals)).isGreaterThanOrEqualTo(Duration.ofSeconds(RETRY_AFTER_SECONDS));
    }

    @Test
    void aStartAnswered429_isSentAgainNoEarlierThanRetryAfter() {
        DeployedVm vm = edge.vms().deploy(VmSpec.builder().name("later").memory("256Mi").runStrategy(RunStrategy.HALTED)
                .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo")).build());
        vm.await().stopped(Duration.ofMinutes(1));
        List<Long> arrivals = tooManyRequestsOnce(r -> "start".equals(r.subresource()) && "later".equals(r.name()));

        vm.start();

        assertThat(arrivals).hasSize(2);
        assertThat(between(arrivals)).isGreaterThanOrEqualTo(Duration.ofSeconds(RETRY_AFTER_SECONDS));
        vm.await().running(Duration.ofMinutes(1));
    }
}
