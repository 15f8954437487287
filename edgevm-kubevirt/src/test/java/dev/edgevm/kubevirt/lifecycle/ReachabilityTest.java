package dev.edgevm.kubevirt.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.IngressPolicyFinding;
import dev.edgevm.kubevirt.VmResource;
import dev.edgevm.kubevirt.render.RunbookVms;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runbook's note: a NetworkPolicy such as block-all-ingress keeps traffic from the VM. */
class ReachabilityTest {

    @Test
    void blockAllIngress_isReportedByName() {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().start(); EdgeVm edge = EdgeVm.using(cluster.client())) {
            VmResource vm = edge.vms().deploy(RunbookVms.statelessCirros());
            assertThat(vm.ingressBlockers()).isEmpty();

            cluster.client().network().v1().networkPolicies().inNamespace("default").resource(new NetworkPolicyBuilder()
                    .withNewMetadata().withName("block-all-ingress").endMetadata()
                    .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress").endSpec().build()).create();

            List<IngressPolicyFinding> findings = vm.ingressBlockers();
            assertThat(findings).extracting(IngressPolicyFinding::policy).containsExactly("block-all-ingress");
            assertThat(findings.get(0).blocksAll()).isTrue();
        }
    }
}
