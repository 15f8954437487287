package dev.edgevm.samples.readme;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.EnableEmbeddedEdgeCluster;
import dev.edgevm.embedded.FaultKind;
import dev.edgevm.kubevirt.EdgeVm;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/**
 * The code of edgevm-embedded's README, compiled so it cannot go stale (ReadmeSnippetsTest compares
 * each block with its region here). The module's own tests, and every other module's, use the
 * same builder and extension.
 */
final class EmbeddedReadme {

    private EmbeddedReadme() {}

    static void builder() {
        // tag::embedded-builder[]
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder()
                .nodes(3)                                   // node01..node03
                .node("node01", n -> n
                        .label("feature.node.kubernetes.io/network-sriov.capable", "true")
                        .allocatable("intel.com/intel_sriov_vm", "1")
                        .allocatable("hugepages-2Mi", "8Gi"))
                .node("node03", n -> n.taint("cmk", null, "NoSchedule"))   // the runbook's CPU-manager taint
                .unpullableImage("registry.invalid/broken:1")               // VMIs using it get ErrImagePull
                .seed(42)                                                   // names, addresses, faults
                .start()) {
            KubernetesClient client = cluster.client();     // owned by the cluster
            KubernetesClient mine = cluster.newClient();    // owned by the caller
            Path kubeconfig = cluster.writeKubeconfig(Path.of("edgevm-demo.kubeconfig"));
            Path disk = cluster.nodeRoot("node01").resolve("var/vd/vol3");  // node01's /var/vd/vol3
            cluster.faults().rate(0.1).kinds(FaultKind.values());
            cluster.requests().writes();
        }
        // end::embedded-builder[]
    }

    // tag::embedded-junit[]
    @EnableEmbeddedEdgeCluster(nodes = 3, sriov = 1)
    class DeployTest {
      static EmbeddedEdgeCluster cluster;   // a static field: one cluster for the class
      KubernetesClient client;              // injected from that cluster
      EdgeVm edge;                          // any type with public static using(KubernetesClient); closed after use
    }
    // end::embedded-junit[]
}
