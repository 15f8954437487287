package dev.edgevm.kubevirt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.kubevirt.IngressPolicyFinding;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngressPoliciesTest {

    private static final Map<String, String> LAUNCHER = Map.of("kubevirt.io", "virt-launcher", "vm.kubevirt.io/name", "centos-vm");

    @Test
    void blockAllIngress_selectingEveryPod_isReportedAsBlocking() {
        NetworkPolicy blockAll = new NetworkPolicyBuilder().withNewMetadata().withName("block-all-ingress").endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress").endSpec().build();

        List<IngressPolicyFinding> findings = IngressPolicies.evaluate("default", List.of(blockAll), LAUNCHER);

        assertThat(findings).extracting(IngressPolicyFinding::policy).containsExactly("block-all-ingress");
        assertThat(findings.get(0).blocksAll()).isTrue();
    }

    @Test
    void policiesNotSelectingThePod_orAllowingEverything_orEgressOnly_areNotReported() {
        NetworkPolicy otherApp = new NetworkPolicyBuilder().withNewMetadata().withName("web-only").endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app", "web").endPodSelector().endSpec().build();
        NetworkPolicy allowAll = new NetworkPolicyBuilder().withNewMetadata().withName("allow-all").endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().addNewIngress().endIngress().endSpec().build();
        NetworkPolicy egressOnly = new NetworkPolicyBuilder().withNewMetadata().withName("egress").endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Egress").endSpec().build();

        assertThat(IngressPolicies.evaluate("default", List.of(otherApp, allowAll, egressOnly), LAUNCHER)).isEmpty();
    }

    @Test
    void restrictingPolicy_isReportedWithWhatItAllows() {
        NetworkPolicy sshFromOps = new NetworkPolicyBuilder().withNewMetadata().withName("ssh-from-ops").endMetadata()
                .withNewSpec().withNewPodSelector().addNewMatchExpression().withKey("kubevirt.io").withOperator("In")
                .withValues("virt-launcher").endMatchExpression().endPodSelector()
                .addNewIngress().addNewFrom().withNewIpBlock().withCidr("10.0.0.0/8").endIpBlock().endFrom()
                .addNewPort().withProtocol("TCP").withNewPort(22).endPort().endIngress().endSpec().build();

        List<IngressPolicyFinding> findings = IngressPolicies.evaluate("default", List.of(sshFromOps), LAUNCHER);

        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).blocksAll()).isFalse();
        assertThat(findings.get(0).detail()).contains("10.0.0.0/8").contains("TCP/22");
    }
}
