package dev.edgevm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.model.VirtualMachine;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runbook's stateless walkthrough, command by command, on one embedded cluster. */
class LifecycleTest {

    private static EmbeddedEdgeCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedEdgeCluster.builder().nodes(1).start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void deployStartWaitIpConsolePauseStopDelete() {
        ok("deploy", "--name", "cirros-stateless-vm", "--cores", "2", "--memory", "2056M",
                "--container-disk", "kubevirt/cirros-registry-disk-demo");

        assertThat(ok("start", "cirros-stateless-vm").out()).isEqualTo("VirtualMachine default/cirros-stateless-vm start requested\n");
        assertThat(ok("wait", "cirros-stateless-vm", "--for", "running", "--timeout", "60s").out())
                .startsWith("VirtualMachine default/cirros-stateless-vm is Running (instance Running on node01");
        String ip = ok("ip", "cirros-stateless-vm").out().strip();
        assertThat(ip).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        // Running is the instance's phase; READY is its Ready condition, which another controller sets after it: wait for that too.
        cluster.client().resources(VirtualMachine.class).inNamespace("default").withName("cirros-stateless-vm").waitUntilCondition(
                vm -> vm != null && vm.getStatus() != null && Boolean.TRUE.equals(vm.getStatus().ready()), 60, TimeUnit.SECONDS);
        assertThat(ok("get", "cirros-stateless-vm").out()).containsPattern("cirros-stateless-vm\\s+Running\\s+true\\s+node01\\s+" + ip.replace(".", "\\."));

        // A serial console shows what the guest prints from now on: the login prompt may be long gone, so Enter first.
        ConsoleScript person = new ConsoleScript()
                .whenShown("", "\r")
                .whenShown("cirros-stateless-vm login: ", "cirros\r")
                .whenShown("Password: ", "gocubsgo\r")
                .whenShown("cirros@cirros-stateless-vm:~$ ", "ip addr\r")
                .whenShown("cirros@cirros-stateless-vm:~$ ", "\u001d");
        Cli.Result console = Cli.atConsole(cluster, person, "console", "cirros-stateless-vm");
        assertThat(console.exitCode()).as(console.toString()).isZero();
        assertThat(console.out()).contains("cirros-stateless-vm login: cirros\r\nPassword: \r\ncirros@cirros-stateless-vm:~$ ip addr");
        assertThat(console.err()).contains("Successfully connected to cirros-stateless-vm console. The escape sequence is ^]")
                .contains("Detached from cirros-stateless-vm; it keeps running.");

        Cli.Result endOfInput = Cli.typing(cluster, "", "console", "cirros-stateless-vm");
        assertThat(endOfInput.exitCode()).isZero();
        assertThat(endOfInput.err()).contains("Detached from cirros-stateless-vm");

        ok("pause", "cirros-stateless-vm");
        assertThat(ok("wait", "cirros-stateless-vm", "--for", "paused", "--timeout", "60s").out()).contains("is Paused");
        ok("unpause", "cirros-stateless-vm");
        ok("wait", "cirros-stateless-vm", "--for", "running", "--timeout", "60s");

        ok("stop", "cirros-stateless-vm", "--grace-period", "0");
        assertThat(ok("wait", "cirros-stateless-vm", "--for", "stopped", "--timeout", "60s").out()).contains("is Stopped");
        assertThat(ok("events", "cirros-stateless-vm").out()).startsWith("LAST SEEN").contains("VirtualMachineInstance");

        ok("delete", "cirros-stateless-vm", "--wait");
        assertThat(Cli.on(cluster, "get", "cirros-stateless-vm").exitCode()).isEqualTo(1);
    }

    private static Cli.Result ok(String... args) {
        Cli.Result r = Cli.on(cluster, args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }
}
