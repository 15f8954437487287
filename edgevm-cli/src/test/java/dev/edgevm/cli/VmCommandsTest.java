package dev.edgevm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.model.VirtualMachine;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The VM commands against one embedded cluster: what they print, what they change, their exit codes. */
class VmCommandsTest {

    private static EmbeddedEdgeCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedEdgeCluster.builder().namespace("edge").start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @TempDir
    Path dir;

    @Test
    void deploy_createsTheVmHalted_andAgainChangesNothing() {
        String[] deploy = {"deploy", "-n", "edge", "--name", "cirros-stateless-vm", "--cores", "2", "--memory", "2056M",
            "--container-disk", "kubevirt/cirros-registry-disk-demo"};

        Cli.Result first = Cli.on(cluster, deploy);

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).isEqualTo("""
                  created VirtualMachine edge/cirros-stateless-vm
                VirtualMachine edge/cirros-stateless-vm created
                It is Halted; start it with: edgevm start cirros-stateless-vm -n edge
                """);
        VirtualMachine vm = cluster.client().resources(VirtualMachine.class).inNamespace("edge").withName("cirros-stateless-vm").get();
        assertThat(vm.getSpec().runStrategy()).isEqualTo("Halted");

        cluster.requests().reset();
        Cli.Result again = Cli.on(cluster, deploy);

        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("VirtualMachine edge/cirros-stateless-vm unchanged: it already exists with this spec");
        assertThat(cluster.requests().writes()).as("writes of a repeated deploy").isZero();
    }

    @Test
    void deployWithAKey_putsItInTheCloudInitSecret() throws IOException {
        Path key = Files.writeString(dir.resolve("id_ed25519.pub"),
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHPdj9vsx3dzgtqWMC/Ng3mhncsvGHJNJBeJz+OxogqY ops@controller\n");

        Cli.Result r = Cli.on(cluster, "deploy", "-n", "edge", "--name", "centos-vm", "--memory", "2056M", "--claim", "centos-dv",
                "--user", "root", "--ssh-key-file", key.toString(), "--run-strategy", "Manual");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("  created Secret edge/centos-vm-cloudinit").doesNotContain("It is Halted");
        Secret secret = cluster.client().secrets().inNamespace("edge").withName("centos-vm-cloudinit").get();
        String userData = new String(Base64.getDecoder().decode(secret.getData().get("userdata")), StandardCharsets.UTF_8);
        assertThat(userData).contains("ops@controller");
    }

    @Test
    void listAndGet_showTheVm_asTableOrJson() {
        Cli.on(cluster, "deploy", "-n", "edge", "--name", "listed-vm", "--memory", "1Gi", "--container-disk", "kubevirt/cirros-registry-disk-demo");

        Cli.Result table = Cli.on(cluster, "list", "-n", "edge");
        Cli.Result json = Cli.on(cluster, "get", "listed-vm", "-n", "edge", "-o", "json");

        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).startsWith("NAME").contains("RUN STRATEGY").containsPattern("listed-vm\\s+\\S*\\s+false\\s+<none>\\s+<none>\\s+Halted");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode vm = JsonMapper.builder().build().readTree(json.out());
        assertThat(vm.get("name").asString()).isEqualTo("listed-vm");
        assertThat(vm.get("namespace").asString()).isEqualTo("edge");
        assertThat(vm.get("runStrategy").asString()).isEqualTo("Halted");
    }

    @Test
    void listWithASelector_showsOnlyMatchingVms() {
        Cli.Result r = Cli.on(cluster, "list", "-n", "edge", "-l", "tier=none");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("No VMs in namespace edge with labels {tier=none}.\n");
    }

    @Test
    void getOfAMissingVm_failsWithExitCode1_andSaysWhich() {
        Cli.Result r = Cli.on(cluster, "get", "nope", "-n", "edge");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: VirtualMachine edge/nope does not exist\n");
    }

    @Test
    void delete_removesTheVmAndItsSecret_andASecondDeleteFails() throws IOException {
        Path userData = Files.writeString(dir.resolve("user-data"), "#cloud-config\nruncmd:\n  - echo hello\n");
        Cli.on(cluster, "deploy", "-n", "edge", "--name", "doomed", "--memory", "1Gi", "--container-disk", "kubevirt/cirros-registry-disk-demo",
                "--user-data-file", userData.toString());
        assertThat(cluster.client().secrets().inNamespace("edge").withName("doomed-cloudinit").get()).isNotNull();

        Cli.Result r = Cli.on(cluster, "delete", "doomed", "-n", "edge", "--wait", "--timeout", "30s");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("VirtualMachine edge/doomed deleted\n");
        assertThat(cluster.client().resources(VirtualMachine.class).inNamespace("edge").withName("doomed").get()).isNull();
        assertThat(cluster.client().secrets().inNamespace("edge").withName("doomed-cloudinit").get()).isNull();

        Cli.Result again = Cli.on(cluster, "delete", "doomed", "-n", "edge");

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("error: VirtualMachine edge/doomed does not exist\n");
    }

    @Test
    void ipOfAVmThatIsNotRunning_saysSo() {
        Cli.on(cluster, "deploy", "-n", "edge", "--name", "halted-vm", "--memory", "1Gi", "--container-disk", "kubevirt/cirros-registry-disk-demo");

        Cli.Result r = Cli.on(cluster, "ip", "halted-vm", "-n", "edge");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("error: VirtualMachine edge/halted-vm has no IP address (").endsWith("); start it, or wait for one with --timeout\n");
    }

    @Test
    void waitThatTimesOut_saysWhatItWaitedForAndTheLastState() {
        Cli.on(cluster, "deploy", "-n", "edge", "--name", "never-runs", "--memory", "1Gi", "--container-disk", "kubevirt/cirros-registry-disk-demo");

        Cli.Result r = Cli.on(cluster, "wait", "never-runs", "-n", "edge", "--for", "running", "--timeout", "200ms");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: Timed out after ").contains("never-runs").contains("last state seen: ");
    }

    @Test
    void waitForDeleted_returnsOnceTheVmIsGone() {
        Cli.on(cluster, "deploy", "-n", "edge", "--name", "short-lived", "--memory", "1Gi", "--container-disk", "kubevirt/cirros-registry-disk-demo");
        Cli.on(cluster, "delete", "short-lived", "-n", "edge");

        Cli.Result r = Cli.on(cluster, "wait", "short-lived", "-n", "edge", "--for", "deleted", "--timeout", "30s");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("VirtualMachine edge/short-lived deleted after ");
    }
}
