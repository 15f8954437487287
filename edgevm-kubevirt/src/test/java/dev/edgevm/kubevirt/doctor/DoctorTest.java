package dev.edgevm.kubevirt.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The doctor's own checks on the embedded cluster, and how it runs contributed checks. */
class DoctorTest {

    @Test
    void checks_areTheRegisteredOnes_inOrder() {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            List<String> ids = edge.doctor().checks().stream().map(DoctorCheck::id).collect(Collectors.toList());

            assertThat(ids).containsSubsequence("kubevirt", "cdi", "kvm-nodes", "vm-ingress", "stuck-namespaces");
        }
    }

    @Test
    void stuckKubevirtNamespace_whoseOperatorIsGone_isFailedAndFixedOnlyWhenAsked() throws Exception {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            RunbookTrouble.removeKubevirtInTheWrongOrder(cluster.client());

            CheckResult seen = result(edge.doctor().run(), "stuck-namespaces");

            assertThat(seen.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(seen.finding()).contains("namespace kubevirt is Terminating");
            assertThat(seen.fix()).hasValueSatisfying(f -> assertThat(f).contains("--fix").contains("/api/v1/namespaces/kubevirt/finalize"));
            assertThat(seen.actions()).isEmpty();
            assertThat(cluster.client().namespaces().withName("kubevirt").get()).as("a plain run changes nothing").isNotNull();

            CheckResult fixed = result(edge.doctor().run(true), "stuck-namespaces");

            assertThat(fixed.status()).isEqualTo(CheckStatus.OK);
            assertThat(fixed.actions()).singleElement().asString().contains("cleared the finalizers of namespace kubevirt");
            assertThat(cluster.client().namespaces().withName("kubevirt").get()).as("the namespace is gone").isNull();
        }
    }

    @Test
    void stuckNamespaceOutsideTheRunbooksCase_isReportedButNeverFixed() {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().stuckNamespace("team-a").start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            CheckResult result = result(edge.doctor().run(true), "stuck-namespaces");

            assertThat(result.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(result.finding()).contains("namespace team-a is Terminating");
            assertThat(result.actions()).isEmpty();
            assertThat(cluster.client().namespaces().withName("team-a").get()).isNotNull();
        }
    }

    @Test
    void stuckKubevirtNamespace_whoseOperatorStillRuns_isNotFixed() {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            KubernetesClient client = cluster.client();
            // The operator's pod holds on (a finalizer) while the namespace is deleted: the wrong order of the runbook.
            Pod operator = new PodBuilder().withNewMetadata().withName("virt-operator-c5cbfb9ff-9957z").withNamespace("kubevirt")
                    .addToLabels("kubevirt.io", "virt-operator").addToFinalizers("example.com/hold").endMetadata()
                    .withNewSpec().addNewContainer().withName("virt-operator").withImage("quay.io/kubevirt/virt-operator").endContainer()
                    .endSpec().build();
            client.pods().inNamespace("kubevirt").resource(operator).create();
            client.namespaces().withName("kubevirt").delete();

            CheckResult result = result(edge.doctor().run(true), "stuck-namespaces");

            assertThat(result.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(result.fix()).hasValueSatisfying(f -> assertThat(f).contains("operator in kubevirt still runs"));
            assertThat(result.actions()).isEmpty();
            assertThat(client.namespaces().withName("kubevirt").get()).isNotNull();
        }
    }

    @Test
    void blockAllIngressPolicy_isReportedWithTheVmsItBlocks() {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            edge.vms().deploy(VmSpec.builder().name("cirros").memory("128Mi")
                    .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo")).build());
            assertThat(result(edge.doctor().run(), "vm-ingress").status()).isEqualTo(CheckStatus.OK);

            cluster.client().network().v1().networkPolicies().inNamespace("default").resource(new NetworkPolicyBuilder()
                    .withNewMetadata().withName("block-all-ingress").endMetadata()
                    .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress").endSpec().build()).create();

            CheckResult result = result(edge.doctor().run(), "vm-ingress");

            assertThat(result.status()).isEqualTo(CheckStatus.WARN);
            assertThat(result.finding()).contains("block-all-ingress blocks all ingress").contains("VMs: cirros");
            assertThat(result.fix()).hasValueSatisfying(f -> assertThat(f).contains("block-all-ingress"));
        }
    }

    @Test
    void ingressCheck_looksAtTheNamespaceItIsGiven() {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().namespace("edge").start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            CheckResult result = result(edge.doctor().inNamespace("edge").run(), "vm-ingress");

            assertThat(result.status()).isEqualTo(CheckStatus.SKIPPED);
            assertThat(result.finding()).isEqualTo("no VMs in namespace edge to check");
        }
    }

    @Test
    void nodesWithoutKvm_areNamed() {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(3)
                .node("node02", n -> n.allocatable("devices.kubevirt.io/kvm", "0")).start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            CheckResult result = result(edge.doctor().run(), "kvm-nodes");

            assertThat(result.status()).isEqualTo(CheckStatus.WARN);
            assertThat(result.finding()).isEqualTo("2 of 3 nodes offer devices.kubevirt.io/kvm; VMs cannot run on node02");
        }
    }

    @Test
    void kubevirtCheck_passesOnAHealthyInstall_andNamesAMissingComponent() throws Exception {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            CheckResult healthy = result(edge.doctor().run(), "kubevirt");

            assertThat(healthy.status()).as(healthy.toString()).isEqualTo(CheckStatus.OK);
            assertThat(healthy.finding()).isEqualTo(
                    "KubeVirt kubevirt/kubevirt Deployed; virt-api 2, virt-controller 2, virt-handler 1, virt-operator 2 Running in kubevirt");

            cluster.client().pods().inNamespace("kubevirt").withLabel("kubevirt.io", "virt-handler").withGracePeriod(0).delete();
            cluster.client().pods().inNamespace("kubevirt").withLabel("kubevirt.io", "virt-handler")
                    .informOnCondition(List::isEmpty).get(30, TimeUnit.SECONDS);

            CheckResult broken = result(edge.doctor().run(), "kubevirt");

            assertThat(broken.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(broken.finding()).isEqualTo("no running virt-handler pod");
            assertThat(broken.fix()).hasValueSatisfying(f -> assertThat(f).contains("kubectl -n kubevirt get pods"));
        }
    }

    static CheckResult result(DoctorReport report, String check) {
        return report.results().stream().filter(r -> r.check().equals(check)).findFirst()
                .orElseThrow(() -> new AssertionError("no result of " + check + " in\n" + report));
    }
}
