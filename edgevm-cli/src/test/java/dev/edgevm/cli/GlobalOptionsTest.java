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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The global options go before or after the command's name, at any depth, and a command that
 * cannot use one refuses it wherever it is given (exit 2).
 */
class GlobalOptionsTest {

    private static EmbeddedEdgeCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedEdgeCluster.builder().namespace("edge").start();
        try (EdgeVm edge = EdgeVm.using(cluster.client())) {
            edge.vms().inNamespace("edge").deploy(VmSpec.builder().name("cirros").memory("1Gi")
                    .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo")).build());
        }
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void namespace_beforeOrAfterTheCommand() {
        Cli.Result before = Cli.on(cluster, "-n", "edge", "list");
        Cli.Result after = Cli.on(cluster, "list", "--namespace", "edge");
        Cli.Result elsewhere = Cli.on(cluster, "list");

        assertThat(before.exitCode()).as(before.toString()).isZero();
        assertThat(before.out()).contains("cirros");
        assertThat(after.out()).isEqualTo(before.out());
        assertThat(elsewhere.err()).isEqualTo("No VMs in namespace default.\n");
    }

    @Test
    void outputAndVerbose_beforeOrAfterTheCommand_atAnyDepth() {
        Cli.Result before = Cli.on(cluster, "-o", "json", "-v", "-n", "edge", "get", "cirros");
        Cli.Result after = Cli.on(cluster, "get", "cirros", "-n", "edge", "-v", "-o", "json");
        Cli.Result nested = Cli.on(cluster, "-o", "yaml", "snapshot", "-n", "edge", "list");

        assertThat(before.exitCode()).as(before.toString()).isZero();
        assertThat(JsonMapper.builder().build().readTree(before.out()).get("name").asString()).isEqualTo("cirros");
        assertThat(after.out()).isEqualTo(before.out());
        assertThat(nested.exitCode()).as(nested.toString()).isZero();
        assertThat(nested.out()).isEqualTo("[]\n");
    }

    @Test
    void embedded_beforeTheCommand_startsACluster() {
        Cli.Result r = Cli.run("--embedded", "list");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).isEqualTo("No VMs in namespace default.\n");
    }

    @Test
    void connectionOptions_onACommandWithoutCluster_areRefusedInBothPositions() {
        Cli.Result before = Cli.run("--kubeconfig", "/tmp/k", "image", "info", "disk.img");
        Cli.Result after = Cli.run("image", "info", "disk.img", "--kubeconfig", "/tmp/k");

        assertThat(before.exitCode()).isEqualTo(2);
        assertThat(before.err()).contains("--kubeconfig does not apply to 'edgevm image info': it does not talk to a cluster");
        assertThat(after.exitCode()).isEqualTo(2);
        assertThat(after.err()).contains("Unknown options: '--kubeconfig'");
    }

    @Test
    void output_onACommandThatPrintsNoResult_isRefusedInBothPositions() {
        Cli.Result before = Cli.on(cluster, "-o", "json", "console", "cirros");
        Cli.Result after = Cli.on(cluster, "console", "cirros", "-o", "json");

        assertThat(before.exitCode()).isEqualTo(2);
        assertThat(before.err()).contains("-o/--output does not apply to 'edgevm console': it prints no result to format");
        assertThat(after.exitCode()).isEqualTo(2);
        assertThat(after.err()).contains("Unknown options: '-o'");
    }

    @Test
    void help_listsTheFormatsEachCommandPrints() {
        assertThat(Cli.run("rbac", "--help").out()).contains("Output format: yaml (default) or json.").doesNotContain("table");
        assertThat(Cli.run("list", "--help").out()).contains("Output format: table (default) or yaml or json.")
                .contains("--kubeconfig=FILE").contains("--namespace=NS");
        assertThat(Cli.run("image", "info", "--help").out()).doesNotContain("--kubeconfig").doesNotContain("--namespace");
        assertThat(Cli.run("console", "--help").out()).doesNotContain("--output");
    }

    @Test
    void everyCommandThatChangesSomething_printsItsResultAsJson() throws IOException {
        JsonMapper json = JsonMapper.builder().build();

        Cli.Result deploy = Cli.on(cluster, "-o", "json", "-n", "edge", "deploy", "--name", "other", "--memory", "1Gi",
                "--container-disk", "kubevirt/cirros-registry-disk-demo");
        Cli.Result start = Cli.on(cluster, "-o", "json", "-n", "edge", "start", "other");
        Cli.Result wait = Cli.on(cluster, "-o", "json", "-n", "edge", "wait", "other", "--for", "running", "--timeout", "2m");
        Cli.Result ip = Cli.on(cluster, "-o", "yaml", "-n", "edge", "ip", "other");
        Cli.Result stop = Cli.on(cluster, "-o", "json", "-n", "edge", "stop", "other");
        Cli.Result delete = Cli.on(cluster, "-o", "json", "-n", "edge", "delete", "other", "--wait");

        assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
        JsonNode deployed = json.readTree(deploy.out());
        assertThat(deployed.get("outcome").asString()).isEqualTo("created");
        assertThat(deployed.get("namespace").asString()).isEqualTo("edge");
        assertThat(json.readTree(start.out()).get("requested").asString()).as(start.toString()).isEqualTo("start");
        assertThat(json.readTree(wait.out()).get("status").asString()).as(wait.toString()).isEqualTo("Running");
        assertThat(ip.out()).as(ip.toString()).containsPattern("ipAddress: \"\\d+\\.\\d+\\.\\d+\\.\\d+\"");
        assertThat(json.readTree(stop.out()).get("requested").asString()).as(stop.toString()).isEqualTo("stop");
        assertThat(json.readTree(delete.out()).get("deleted").asBoolean()).as(delete.toString()).isTrue();
    }
}
