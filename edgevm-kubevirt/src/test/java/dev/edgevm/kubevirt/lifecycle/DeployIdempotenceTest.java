package dev.edgevm.kubevirt.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.ConflictException;
import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.embedded.ClusterRequest;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.DeployOutcome;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.render.RunbookVms;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deploying is idempotent, updating is explicit, and concurrent deploys never duplicate. */
class DeployIdempotenceTest {

    private EmbeddedEdgeCluster cluster;
    private EdgeVm edge;

    @BeforeEach
    void startCluster() {
        cluster = EmbeddedEdgeCluster.builder().nodes(3).start();
        edge = EdgeVm.using(cluster.client());
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

    /** Waits, on the informer's own events, until the shared VM informer has the VM. */
    private void awaitInformerSees(String name) throws InterruptedException {
        ClusterAccess access = (ClusterAccess) edge;
        CountDownLatch changed = new CountDownLatch(1);
        try (AutoCloseable ignored = access.onChange(VirtualMachine.class, "default", name, changed::countDown)) {
            if (access.cached(VirtualMachine.class, "default", name).isEmpty()) {
                assertThat(changed.await(30, TimeUnit.SECONDS)).isTrue();
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<ClusterRequest> writes() {
        return cluster.requests().list().stream().filter(ClusterRequest::isWrite).collect(Collectors.toList());
    }

    @Test
    void statelessAlwaysVm_costsOneWritePerObject() {
        edge.vms().deploy(stateless("warmup")); // starts the shared VM informer: one list, one watch
        cluster.requests().reset();

        edge.vms().deploy(stateless("one-write"));

        // Writes and reads of objects are counted, not all requests: a watch that reconnects meanwhile is no cost of the deploy.
        assertThat(writes()).extracting(r -> r.method() + " " + r.resource()).containsExactly("POST virtualmachines");
        assertThat(cluster.requests().count(r -> "GET".equals(r.method()) && r.name() != null)).as("reads").isZero();
    }

    @Test
    void statelessAlwaysVmWithACloudInitSecret_costsOneWritePerObject() {
        edge.vms().deploy(stateless("warmup"));
        cluster.requests().reset();

        edge.vms().deploy(stateless("with-secret").toBuilder()
                .cloudInit(c -> c.user(u -> u.name("ops").sshAuthorizedKey(RunbookVms.CONTROLLER_KEY))).build());

        assertThat(writes()).extracting(r -> r.method() + " " + r.resource() + " " + r.name())
                .containsExactly("POST secrets null", "POST virtualmachines null");
        assertThat(cluster.requests().count(r -> "GET".equals(r.method()) && r.name() != null)).as("reads").isZero();
    }

    @Test
    void sameSpecAgain_rightAfterTheFirst_isStillAdopted() {
        VmSpec centos = RunbookVms.statefulCentos().toBuilder().name("quick").rootDisk(ContainerDisk.of("registry.local/centos:7")).build();
        assertThat(edge.vms().deploy(centos).outcome()).isEqualTo(DeployOutcome.CREATED);
        assertThat(edge.vms().deploy(centos).outcome()).isEqualTo(DeployOutcome.UNCHANGED);
        assertThat(cluster.client().secrets().inNamespace("default").withName("quick-cloudinit").get()).isNotNull();
    }

    @Test
    void sameSpecAgain_isAdopted_withoutWriting() throws InterruptedException {
        VmSpec centos = RunbookVms.statefulCentos().toBuilder().rootDisk(ContainerDisk.of("registry.local/centos:7")).build();
        assertThat(edge.vms().deploy(centos).outcome()).isEqualTo(DeployOutcome.CREATED);
        awaitInformerSees(centos.name());
        cluster.requests().reset();

        assertThat(edge.vms().deploy(centos).outcome()).isEqualTo(DeployOutcome.UNCHANGED);

        assertThat(writes()).isEmpty();
    }

    @Test
    void differentSpec_isRefusedSayingWhatDiffers_andApplyReplacesIt() {
        VmSpec two = stateless("resized");
        edge.vms().deploy(two);
        VmSpec four = two.toBuilder().cpuCores(4).build();

        ConflictException e = catchThrowableOfType(ConflictException.class, () -> edge.vms().deploy(four));
        assertThat(e.getMessage()).contains("template.spec.domain.cpu.cores");

        assertThat(edge.vms().apply(four).outcome()).isEqualTo(DeployOutcome.UPDATED);
        VirtualMachine vm = cluster.client().resources(VirtualMachine.class).inNamespace("default").withName("resized").get();
        assertThat(vm.getSpec().template().spec().domain().cpu().cores()).isEqualTo(4);
        assertThat(edge.vms().deploy(four).outcome()).isEqualTo(DeployOutcome.UNCHANGED);
    }

    @Test
    void fiftyVmsFromEightThreads_eachDeployedTwice_areCreatedExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Map<String, List<DeployOutcome>> outcomes = new ConcurrentHashMap<>();
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 50; i++) {
                    String name = "fleet-" + i;
                    done.add(pool.submit(() -> outcomes.computeIfAbsent(name, n -> new java.util.concurrent.CopyOnWriteArrayList<>())
                            .add(edge.vms().deploy(stateless(name)).outcome())));
                }
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        List<VirtualMachine> vms = cluster.client().resources(VirtualMachine.class).inNamespace("default").list().getItems();
        assertThat(vms).hasSize(50);
        assertThat(vms.stream().map(v -> v.getMetadata().getName()).distinct().count()).isEqualTo(50);
        assertThat(outcomes.values()).allSatisfy(o -> assertThat(o).containsExactlyInAnyOrder(DeployOutcome.CREATED, DeployOutcome.UNCHANGED));
        long creates = writes().stream().filter(r -> r.method().equals("POST") && r.isFor("virtualmachines")).count();
        assertThat(creates).isBetween(50L, 100L);
        assertThat(outcomes.values().stream().flatMap(List::stream).collect(Collectors.groupingBy(o -> o, Collectors.counting())))
                .containsEntry(DeployOutcome.CREATED, 50L);
    }
}
