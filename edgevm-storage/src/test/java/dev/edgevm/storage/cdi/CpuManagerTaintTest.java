package dev.edgevm.storage.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.OperationFailedException;
import dev.edgevm.core.PreflightException;
import dev.edgevm.core.ProgressListener;
import dev.edgevm.core.Toleration;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.DeleteOptions;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.testing.ClusterAudit;
import dev.edgevm.storage.upload.UploadPodUnschedulableException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook's "CDI image upload fails when CMK is enabled": node03 carries the CPU manager's
 * {@code cmk:NoSchedule} taint, which CDI's upload pod does not tolerate.
 */
class CpuManagerTaintTest {

    private static final ResourceDefinitionContext CDI = new ResourceDefinitionContext.Builder()
            .withGroup("cdi.kubevirt.io").withVersion("v1beta1").withKind("CDI").withPlural("cdis").withNamespaced(false).build();
    private static final Duration WAIT = Duration.ofSeconds(60);

    private EmbeddedEdgeCluster cluster;
    private EdgeVm edge;

    @TempDir
    Path work;

    @BeforeEach
    void start() {
        cluster = EmbeddedEdgeCluster.builder().nodes(3).node("node03", n -> n.taint("cmk", null, "NoSchedule")).start();
        edge = EdgeVm.using(cluster.client());
    }

    @AfterEach
    void stop() {
        edge.close();
        cluster.close();
    }

    private VmSpec vmOnNode03() throws Exception {
        byte[] bytes = new byte[2 * 1024 * 1024];
        new Random(3).nextBytes(bytes);
        Path image = Files.write(work.resolve("cmk.img"), bytes);
        return VmSpec.builder().name("cmk-vm").cpuCores(2).memory("2Gi").node("node03")
                .toleration(Toleration.exists("cmk", "NoSchedule"))
                .rootDisk(UploadedDisk.of(image).size("1Gi")).build();
    }

    @Test
    void aDiskOnTheTaintedNode_isRefusedBeforeAnythingIsCreated_namingTheTaint_andTolerateFixesIt() throws Exception {
        VmSpec spec = vmOnNode03();
        cluster.requests().reset();

        PreflightException refused = catchThrowableOfType(PreflightException.class, () -> edge.vms().deploy(spec));

        assertThat(refused.findings()).anySatisfy(f -> assertThat(f).contains("cmk:NoSchedule on node03"));
        assertThat(refused.fix()).contains("cdi().tolerate(NodeTaint.of(\"cmk\", \"NoSchedule\"))", "spec.workload.tolerations");
        assertThat(cluster.requests().writes()).as("nothing created").isZero();

        Cdi cdi = EdgeStorage.of(edge).cdi();
        assertThat(cdi.untoleratedTaints()).containsExactly(NodeTaint.on("node03", "cmk", null, "NoSchedule"));
        assertThat(cdi.tolerate(cdi.untoleratedTaints().get(0))).isTrue();
        assertThat(cdi.tolerate(NodeTaint.of("cmk", "NoSchedule"))).as("already tolerated").isFalse();
        assertThat(cdi.untoleratedTaints()).isEmpty();
        assertThat(workloadTolerations(cluster.client()))
                .containsExactly(Map.of("key", "cmk", "operator", "Exists", "effect", "NoSchedule"));

        DeployedVm vm = edge.vms().deploy(spec);
        vm.start();
        assertThat(vm.await().running(WAIT).value().node()).contains("node03");
        vm.delete(DeleteOptions.defaults().purgeStorage(true));
        ClusterAudit.assertNothingLeftOf(cluster, "cmk-vm", "cmk-vm-rootdisk");
    }

    @Test
    void aTaintThatAppearsWhileTheUploadPodWaits_endsTheWaitAtOnce_namingItAndTheFix() throws Exception {
        VmSpec spec = vmOnNode03();
        EdgeStorage.of(edge).cdi().tolerate(NodeTaint.of("cmk", "NoSchedule"));
        // Once the volumes are made (the checks passed), the node is tainted before CDI's upload pod is placed.
        ProgressListener taintNode03 = p -> {
            if (p.phase().equals("volumes")) {
                cluster.client().nodes().withName("node03").edit(n -> {
                    n.getSpec().getTaints().add(new TaintBuilder().withKey("maintenance").withEffect("NoSchedule").build());
                    return n;
                });
            }
        };

        OperationFailedException failed = catchThrowableOfType(OperationFailedException.class, () -> edge.vms().deploy(spec, taintNode03));

        assertThat(failed.getCause()).isInstanceOf(UploadPodUnschedulableException.class);
        UploadPodUnschedulableException pending = (UploadPodUnschedulableException) failed.getCause();
        assertThat(pending.pod()).isEqualTo("default/cdi-upload-cmk-vm-rootdisk");
        assertThat(pending.taints()).containsExactly(NodeTaint.on("node03", "maintenance", null, "NoSchedule"));
        assertThat(pending.schedulerMessage()).contains("untolerated taint");
        assertThat(pending.fix()).contains("cdi().tolerate(NodeTaint.of(\"maintenance\", \"NoSchedule\"))");
        assertThat(failed.getMessage()).contains("maintenance:NoSchedule on node03");
        assertThat(failed.leftBehind()).isEmpty();
        ClusterAudit.assertNothingLeftOf(cluster, "cmk-vm", "cmk-vm-rootdisk");
    }

    @Test
    void aDiskOnACordonedNode_isRefusedBeforeAnythingIsCreated() throws Exception {
        VmSpec spec = vmOnNode03().toBuilder().node("node02").build();
        cluster.client().nodes().withName("node02").edit(n -> {
            n.getSpec().setUnschedulable(true);
            return n;
        });
        cluster.requests().reset();

        PreflightException refused = catchThrowableOfType(PreflightException.class, () -> edge.vms().deploy(spec));

        assertThat(refused.findings()).anySatisfy(f -> assertThat(f).contains("node02 is cordoned"));
        assertThat(refused.fix()).contains("uncordon").doesNotContain("tolerate(");
        assertThat(cluster.requests().writes()).isZero();
    }

    @Test
    void aVmThatCanOnlyRunOnTheTaintedNode_isRefusedBeforeAnythingIsCreated_whenNoNodeIsNamed() throws Exception {
        VmSpec anywhereButPinnedBySelector = vmOnNode03().toBuilder().node(java.util.Optional.empty())
                .nodeSelector("kubernetes.io/hostname", "node03").build();
        cluster.requests().reset();

        PreflightException refused = catchThrowableOfType(PreflightException.class, () -> edge.vms().deploy(anywhereButPinnedBySelector));

        assertThat(refused.findings()).anySatisfy(f -> assertThat(f).startsWith("node03:").contains("cmk:NoSchedule"));
        assertThat(refused.findings()).anySatisfy(f -> assertThat(f).startsWith("node01:").contains("node selector"));
        assertThat(refused.fix()).contains("tolerate");
        assertThat(cluster.requests().writes()).isZero();
    }

    @Test
    void concurrentTolerations_areAllKept_despiteConflicts() throws Exception {
        List<CompletableFuture<Boolean>> changes = new ArrayList<>();
        List<KubernetesClient> clients = new ArrayList<>();
        List<EdgeVm> edges = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            KubernetesClient client = cluster.newClient();
            EdgeVm own = EdgeVm.using(client);
            clients.add(client);
            edges.add(own);
            String key = "taint-" + i;
            changes.add(CompletableFuture.supplyAsync(() -> EdgeStorage.of(own).cdi().tolerate(NodeTaint.of(key, "NoSchedule"))));
        }
        try {
            for (CompletableFuture<Boolean> change : changes) {
                assertThat(change.get()).isTrue();
            }
        } finally {
            edges.forEach(EdgeVm::close);
            clients.forEach(KubernetesClient::close);
        }
        assertThat(workloadTolerations(cluster.client())).extracting(t -> t.get("key"))
                .containsExactlyInAnyOrder("taint-0", "taint-1", "taint-2", "taint-3");
        GenericKubernetesResource cr = cluster.client().genericKubernetesResources(CDI).withName("cdi").get();
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) cr.getAdditionalProperties().get("spec");
        assertThat(spec).as("fields the SDK does not model survive the update").containsKeys("imagePullPolicy", "config", "infra");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> workloadTolerations(KubernetesClient client) {
        GenericKubernetesResource cr = client.genericKubernetesResources(CDI).withName("cdi").get();
        Map<String, Object> spec = (Map<String, Object>) cr.getAdditionalProperties().get("spec");
        Map<String, Object> workload = (Map<String, Object>) spec.get("workload");
        return workload == null ? List.of() : (List<Map<String, Object>>) workload.getOrDefault("tolerations", List.of());
    }
}
