package dev.edgevm.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.model.VirtualMachine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Samples run on an embedded cluster by default, and on the cluster of a kubeconfig when given one, in the namespace given. */
class SampleTargetTest {

    @TempDir
    Path dir;

    @Test
    void withoutArguments_startsAnEmbeddedCluster() {
        try (SampleTarget target = SampleTarget.from(new String[0])) {
            assertThat(target.embedded()).isPresent();
            assertThat(target.edge().vms().list()).isEmpty();
            assertThat(target.edge().namespace()).isEqualTo("default");
        }
    }

    @Test
    void withAKubeconfigAndANamespace_usesThatClusterAndNamespace() {
        try (EmbeddedEdgeCluster elsewhere = EmbeddedEdgeCluster.builder().namespace("vms").start()) {
            Path kubeconfig = elsewhere.writeKubeconfig(dir.resolve("kubeconfig"));

            try (SampleTarget target = SampleTarget.from(new String[] {"--kubeconfig", kubeconfig.toString(), "-n", "vms"})) {
                target.edge().vms().deploy(VmSpec.builder().name("there").memory("1Gi")
                        .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo")).build());

                assertThat(target.embedded()).isEmpty();
            }
            assertThat(elsewhere.client().resources(VirtualMachine.class).inNamespace("vms").withName("there").get()).isNotNull();
        }
    }

    @Test
    void aContextTheKubeconfigLacks_isRefused_beforeAnythingRuns() throws IOException {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().start()) {
            Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
            cluster.requests().reset();

            assertThatThrownBy(() -> SampleTarget.from(new String[] {"--kubeconfig", kubeconfig.toString(), "--context", "typo"}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--context: the kubeconfig has no context 'typo'; its contexts: edgevm-embedded");
            assertThat(cluster.requests().count()).isZero();
            try (SampleTarget named = SampleTarget.from(new String[] {"--kubeconfig", kubeconfig.toString(), "--context", "edgevm-embedded"})) {
                assertThat(named.edge().vms().list()).isEmpty();
            }
        }
    }

    @Test
    void aSamplesOwnOptions_areTakenAndOthersRefused() {
        try (SampleTarget target = SampleTarget.from(new String[] {"--fix", "--restart-device-plugin", "node01"},
                Map.of("--fix", false, "--restart-device-plugin", true), cluster -> { })) {
            assertThat(target.option("--fix")).hasValue("");
            assertThat(target.option("--restart-device-plugin")).hasValue("node01");
        }
        assertThatThrownBy(() -> SampleTarget.from(new String[] {"--cluster", "x"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--kubeconfig FILE");
        assertThatThrownBy(() -> SampleTarget.from(new String[] {"-n"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'-n' needs a value");
    }

    /** What {@code java -cp ... dev.edgevm.samples.StatelessWalkthrough -n edge} does: its arguments, an embedded cluster, the walk. */
    @Test
    void main_parsesItsArguments_startsAnEmbeddedCluster_andWalks() throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            StatelessWalkthrough.main(new String[] {"-n", "edge"});
        } finally {
            System.setOut(console);
        }

        assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("deployed cirros-stateless-vm: CREATED\n")
                .contains("console: cirros-stateless-vm login:").endsWith("stopped and deleted\n");
        assertThatThrownBy(() -> StatelessWalkthrough.main(new String[] {"--kubeconfig"})).isInstanceOf(IllegalArgumentException.class);
    }

    /** Where SnapshotWalkthrough's main keeps its files: gone, with what is in it, when the run ends. */
    @Test
    void aWorkDirectory_isDeletedWithItsFiles() throws IOException {
        Path kept;
        try (WorkDirectory work = WorkDirectory.create("edgevm-sample-test-")) {
            kept = work.path();
            Files.createDirectories(kept.resolve("a/b"));
            Files.writeString(kept.resolve("a/b/disk.img"), "data");
        }

        assertThat(kept).doesNotExist();
    }
}
