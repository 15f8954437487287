package dev.edgevm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --context} names a context of the kubeconfig, or the command stops before contacting
 * anything: the Kubernetes client would otherwise fall back to the current context, another cluster.
 */
class KubeconfigContextTest {

    private static EmbeddedEdgeCluster current;
    private static EmbeddedEdgeCluster other;

    @TempDir
    static Path dir;

    private static Path kubeconfig;

    @BeforeAll
    static void twoClusters() throws IOException {
        current = EmbeddedEdgeCluster.builder().start();
        other = EmbeddedEdgeCluster.builder().start();
        try (EdgeVm edge = EdgeVm.using(other.client())) {
            edge.vms().deploy(VmSpec.builder().name("on-the-other-cluster").memory("1Gi")
                    .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo")).build());
        }
        kubeconfig = Files.writeString(dir.resolve("kubeconfig"), String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: a",
                "  cluster: {server: '" + current.client().getConfiguration().getMasterUrl() + "'}",
                "- name: b",
                "  cluster: {server: '" + other.client().getConfiguration().getMasterUrl() + "'}",
                "contexts:",
                "- name: a",
                "  context: {cluster: a, user: u}",
                "- name: b",
                "  context: {cluster: b, user: u}",
                "current-context: a",
                "users:",
                "- name: u",
                "  user: {token: t}",
                ""));
    }

    @AfterAll
    static void stopClusters() {
        current.close();
        other.close();
    }

    @BeforeEach
    void forgetRequests() {
        current.requests().reset();
        other.requests().reset();
    }

    @Test
    void aContextTheKubeconfigLacks_isRefused_beforeAnyClusterIsContacted() {
        Cli.Result r = Cli.run("list", "--kubeconfig", kubeconfig.toString(), "--context", "typo");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--context: no context 'typo' in " + kubeconfig + "; its contexts: a, b").doesNotContain("\tat ");
        assertThat(current.requests().count()).as("requests to the current context's cluster").isZero();
        assertThat(other.requests().count()).isZero();
    }

    @Test
    void anExistingContext_reachesItsCluster() {
        Cli.Result r = Cli.run("--kubeconfig", kubeconfig.toString(), "--context", "b", "list");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("on-the-other-cluster");
        assertThat(current.requests().count()).isZero();
    }

    @Test
    void aKubeconfigThatDoesNotExist_isAUsageError() {
        Cli.Result r = Cli.run("list", "--kubeconfig", dir.resolve("missing").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--kubeconfig: '" + dir.resolve("missing") + "' does not exist");
    }
}
