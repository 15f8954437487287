package dev.edgevm.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.doctor.CheckStatus;
import dev.edgevm.kubevirt.doctor.DoctorReport;
import dev.edgevm.storage.EdgeStorage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DoctorWalkthroughTest {

    @Test
    void findsTheRunbooksProblems_andFixesOnlyTheStuckNamespace() throws Exception {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            DoctorWalkthrough.breakLikeTheRunbook(cluster, edge);
            ByteArrayOutputStream printed = new ByteArrayOutputStream();

            DoctorReport after = DoctorWalkthrough.run(edge, true, new PrintStream(printed, true, StandardCharsets.UTF_8));

            String text = printed.toString(StandardCharsets.UTF_8);
            assertThat(text).contains("FAIL stuck-namespaces: namespace kubevirt is Terminating")
                    .contains("WARN vm-ingress: NetworkPolicy default/block-all-ingress blocks all ingress (VMs: centos-vm)")
                    .contains("FAIL kubevirt: ")
                    .contains("fixed: cleared the finalizers of namespace kubevirt");
            assertThat(after.results()).anySatisfy(r -> {
                assertThat(r.check()).isEqualTo("stuck-namespaces");
                assertThat(r.status()).isEqualTo(CheckStatus.OK);
            });
            assertThat(after.results()).anySatisfy(r -> {
                assertThat(r.check()).isEqualTo("vm-ingress");
                assertThat(r.status()).as("a security policy is never removed by the doctor").isEqualTo(CheckStatus.WARN);
            });
            assertThat(cluster.client().namespaces().withName("kubevirt").get()).isNull();
        }
    }

    @Test
    void withoutFix_changesNothing() throws Exception {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            DoctorWalkthrough.breakLikeTheRunbook(cluster, edge);
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            cluster.requests().reset();

            DoctorWalkthrough.run(edge, false, new PrintStream(printed, true, StandardCharsets.UTF_8));

            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("FAIL stuck-namespaces")
                    .endsWith("nothing changed: run with --fix to apply the fixes that need no one to decide\n");
            assertThat(cluster.requests().writes()).isZero();
        }
    }

    /** A taint that is not the CPU manager's is the cluster owner's to decide on: the sample does not fix then. */
    @Test
    void aTaintOtherThanTheCpuManagers_stopsTheFixes() {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(2)
                .node("node02", n -> n.taint("dedicated", "gpu", "NoSchedule")).start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            cluster.requests().reset();

            DoctorWalkthrough.run(edge, true, new PrintStream(printed, true, StandardCharsets.UTF_8));

            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("nothing changed: CDI does not tolerate [dedicated=gpu:NoSchedule on node02]");
            assertThat(cluster.requests().writes()).isZero();
            assertThat(EdgeStorage.of(edge).cdi().untoleratedTaints()).hasSize(1);
        }
    }
}
