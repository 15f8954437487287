package dev.edgevm.storage.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.doctor.CheckResult;
import dev.edgevm.kubevirt.doctor.CheckStatus;
import dev.edgevm.storage.EdgeStorage;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which taints count as keeping CDI's pods off a node, and which of them the doctor's fix may
 * tolerate, on a cluster with the taints a real one has besides the runbook's CPU-manager taint.
 */
class CdiTaintRulesTest {

    private static final ResourceDefinitionContext CDI = new ResourceDefinitionContext.Builder()
            .withGroup("cdi.kubevirt.io").withVersion("v1beta1").withKind("CDI").withPlural("cdis").withNamespaced(false).build();

    private EmbeddedEdgeCluster cluster;
    private EdgeVm edge;
    private Cdi cdi;

    @BeforeEach
    void start() {
        cluster = EmbeddedEdgeCluster.builder().nodes(6)
                .node("node01", n -> n.taint("cmk", null, "NoSchedule").taint("spare", null, "PreferNoSchedule"))
                .node("node02", n -> n.taint("cmk", null, "NoSchedule").unschedulable(true))
                .node("node03", n -> n.taint("node-role.kubernetes.io/control-plane", null, "NoSchedule")
                        .taint("node.kubernetes.io/unreachable", null, "NoExecute")
                        .taint("node.cloudprovider.kubernetes.io/uninitialized", "true", "NoSchedule"))
                .node("node04", n -> n.label("kubevirt.io/schedulable", "false").taint("dedicated", "database", "NoSchedule"))
                .node("node05", n -> n.label("edge.example/storage", "none").taint("gpu", null, "NoExecute"))
                .start();
        edge = EdgeVm.using(cluster.client());
        cdi = EdgeStorage.of(edge).cdi();
    }

    @AfterEach
    void stop() {
        edge.close();
        cluster.close();
    }

    @Test
    void onlyBlockingTaintsOfNodesThatCouldTakeADisk_count_andNeverThoseKubernetesManages() {
        // node02 is cordoned, node03's taints are Kubernetes' own, node01's PreferNoSchedule does not block.
        assertThat(cdi.untoleratedTaints()).containsExactlyInAnyOrder(
                NodeTaint.on("node01", "cmk", null, "NoSchedule"),
                NodeTaint.on("node04", "dedicated", "database", "NoSchedule"),
                NodeTaint.on("node05", "gpu", null, "NoExecute"));
    }

    @Test
    void nodesCdisWorkloadPlacementLeavesOut_doNotCount() {
        setWorkload(Map.of("nodeSelector", Map.of("kubevirt.io/schedulable", "true"),
                "affinity", Map.of("nodeAffinity", Map.of("requiredDuringSchedulingIgnoredDuringExecution", Map.of(
                        "nodeSelectorTerms", List.of(Map.of("matchExpressions", List.of(Map.of(
                                "key", "edge.example/storage", "operator", "NotIn", "values", List.of("none"))))))))));

        // node04 is not schedulable for KubeVirt (the selector), node05 has storage "none" (the affinity).
        assertThat(cdi.untoleratedTaints()).containsExactly(NodeTaint.on("node01", "cmk", null, "NoSchedule"));
    }

    @Test
    void kubernetesManagedKeys_areRecognisedByTheirDomain() {
        assertThat(NodeTaint.of("node.kubernetes.io/not-ready", "NoExecute").kubernetesManaged()).isTrue();
        assertThat(NodeTaint.of("node-role.kubernetes.io/master", "NoSchedule").kubernetesManaged()).isTrue();
        assertThat(NodeTaint.of("kubernetes.io/arch", "NoSchedule").kubernetesManaged()).isTrue();
        assertThat(NodeTaint.of("example.k8s.io/thing", "NoSchedule").kubernetesManaged()).isTrue();
        assertThat(NodeTaint.of("cmk", "NoSchedule").kubernetesManaged()).isFalse();
        assertThat(NodeTaint.of("intel.com/cmk", "NoSchedule").kubernetesManaged()).isFalse();
        assertThat(NodeTaint.of("notkubernetes.io/x", "NoSchedule").kubernetesManaged()).isFalse();
    }

    @Test
    void theDoctorsFix_toleratesOnlyTaintsOfNodesVmsUse_andReportsTheOthers() {
        CheckResult seen = result(false);
        assertThat(seen.status()).isEqualTo(CheckStatus.WARN);
        assertThat(seen.finding()).contains("cmk:NoSchedule on node01", "dedicated=database:NoSchedule on node04", "gpu:NoExecute on node05");
        assertThat(seen.fix()).hasValueSatisfying(f -> assertThat(f).contains("--fix adds tolerations of cmk:NoSchedule")
                .contains("not changed by --fix", "dedicated=database:NoSchedule on node04"));

        CheckResult fixed = result(true);

        // node01 and node05 run VMs (KubeVirt marks them schedulable); node04 does not and holds no pool volume.
        assertThat(fixed.actions()).containsExactlyInAnyOrder("CDI's workload pods now tolerate cmk:NoSchedule",
                "CDI's workload pods now tolerate gpu:NoExecute");
        assertThat(fixed.status()).isEqualTo(CheckStatus.WARN);
        assertThat(fixed.finding()).contains("dedicated=database:NoSchedule on node04", "no VM uses");
        assertThat(cdi.untoleratedTaints()).containsExactly(NodeTaint.on("node04", "dedicated", "database", "NoSchedule"));
        assertThat(workloadTolerationKeys()).containsExactlyInAnyOrder("cmk", "gpu")
                .doesNotContain("node-role.kubernetes.io/control-plane", "node.kubernetes.io/unreachable");
    }

    private CheckResult result(boolean fix) {
        return edge.doctor().run(fix).results().stream().filter(r -> r.check().equals("cdi-taints")).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private void setWorkload(Map<String, Object> workload) {
        cluster.client().genericKubernetesResources(CDI).withName("cdi").edit(cr -> {
            ((Map<String, Object>) cr.getAdditionalProperties().get("spec")).put("workload", workload);
            return cr;
        });
    }

    @SuppressWarnings("unchecked")
    private List<Object> workloadTolerationKeys() {
        GenericKubernetesResource cr = cluster.client().genericKubernetesResources(CDI).withName("cdi").get();
        Map<String, Object> workload = (Map<String, Object>) ((Map<String, Object>) cr.getAdditionalProperties().get("spec"))
                .get("workload");
        return ((List<Map<String, Object>>) workload.get("tolerations")).stream().map(t -> t.get("key")).toList();
    }
}
