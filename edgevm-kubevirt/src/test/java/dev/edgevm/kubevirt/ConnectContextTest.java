package dev.edgevm.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.Violation;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.model.VirtualMachine;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code connect} with a named context: the kubeconfig's two contexts reach the same cluster with
 * different namespaces, so which one a connection took shows in where its VMs go. fabric8 alone
 * falls back to the current context when the one named is missing.
 */
class ConnectContextTest {

    private static EmbeddedEdgeCluster cluster;
    private static Path kubeconfig;

    @TempDir
    static Path dir;

    @BeforeAll
    static void kubeconfigWithTwoContexts() throws IOException {
        cluster = EmbeddedEdgeCluster.builder().start();
        for (String ns : new String[] {"prod", "edge"}) {
            cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        }
        kubeconfig = Files.writeString(dir.resolve("kubeconfig"), String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: edge-cluster",
                "  cluster: {server: '" + cluster.client().getConfiguration().getMasterUrl() + "'}",
                "contexts:",
                "- name: prod",
                "  context: {cluster: edge-cluster, user: u, namespace: prod}",
                "- name: edge",
                "  context: {cluster: edge-cluster, user: u, namespace: edge}",
                "current-context: prod",
                "users:",
                "- name: u",
                "  user: {token: t}",
                ""));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @BeforeEach
    void forgetRequests() {
        cluster.requests().reset();
    }

    @Test
    void aNamedContext_isTheOneUsed_notTheCurrentOne() {
        try (EdgeVm edge = EdgeVm.connect(o -> o.kubeconfig(kubeconfig).context("edge"))) {
            assertThat(edge.namespace()).isEqualTo("edge");
            edge.vms().deploy(VmSpec.builder().name("in-edge").memory("1Gi")
                    .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo")).build());
        }
        assertThat(cluster.client().resources(VirtualMachine.class).inNamespace("edge").withName("in-edge").get()).isNotNull();
        assertThat(cluster.client().resources(VirtualMachine.class).inNamespace("prod").list().getItems()).isEmpty();
    }

    @Test
    void theCurrentContext_namedOrNot_isUsed() {
        try (EdgeVm named = EdgeVm.connect(o -> o.kubeconfig(kubeconfig).context("prod"));
             EdgeVm unnamed = EdgeVm.connect(o -> o.kubeconfig(kubeconfig))) {
            assertThat(named.namespace()).isEqualTo("prod");
            assertThat(unnamed.namespace()).isEqualTo("prod");
        }
    }

    @Test
    void aContextTheKubeconfigLacks_isRefused_namingTheOnesItHas_beforeAnyRequest() {
        InvalidSpecException refused = catchThrowableOfType(InvalidSpecException.class,
                () -> EdgeVm.connect(o -> o.kubeconfig(kubeconfig).context("egde")).close());

        assertThat(refused.violations()).extracting(Violation::path).containsExactly("context");
        assertThat(refused.getMessage()).contains("no context 'egde' in " + kubeconfig + "; its contexts: edge, prod");
        assertThat(cluster.requests().count()).as("requests to the current context's cluster").isZero();
    }
}
