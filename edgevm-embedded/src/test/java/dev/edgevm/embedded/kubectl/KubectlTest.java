package dev.edgevm.embedded.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.EnableEmbeddedEdgeCluster;
import dev.edgevm.embedded.Kube;
import dev.edgevm.embedded.Waits;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kubectl, with the kubeconfig the cluster writes, sees what the API shows. */
@EnableEmbeddedEdgeCluster(nodes = 2)
class KubectlTest {

  static EmbeddedEdgeCluster cluster;
  private static Path kubectl;

  @TempDir
  static Path dir;

  @BeforeAll
  static void findKubectl() {
    kubectl = Optional.ofNullable(System.getenv("PATH")).stream()
        .flatMap(path -> List.of(path.split(File.pathSeparator)).stream())
        .map(entry -> Path.of(entry, "kubectl")).filter(Files::isExecutable).findFirst().orElse(null);
    Assumptions.assumeTrue(kubectl != null, "kubectl is not installed (not on PATH): the kubectl checks are skipped");
    Kube.create(cluster.client(), Kube.VMS, "default", Kube.cirros("cirros-stateless-vm", "Always"));
    Kube.awaitStatus(cluster.client(), "default", "cirros-stateless-vm", "Running");
    // READY follows the VMI's Ready condition, which virt-controller sets after the VMI runs
    Kube.await(cluster.client(), Kube.VMS, "default", "cirros-stateless-vm",
        vm -> vm != null && Boolean.TRUE.equals(Kube.at(vm, "status", "ready")));
  }

  @Test
  void getVmsVmisPods_printsTheVmRunning() throws Exception {
    String output = kubectl("get", "vms,vmis,dv,pvc,pv,pods");

    assertThat(output).contains("virtualmachine.kubevirt.io/cirros-stateless-vm")
        .contains("virtualmachineinstance.kubevirt.io/cirros-stateless-vm")
        .containsPattern("pod/virt-launcher-cirros-stateless-vm-[a-z0-9]{5} +2/2 +Running");
    assertThat(output.lines().filter(line -> line.contains("virtualmachine.kubevirt.io/cirros-stateless-vm")))
        .singleElement().satisfies(line -> assertThat(line).contains("Running").contains("True"));
  }

  @Test
  void shortNamesAndJsonPath_work() throws Exception {
    assertThat(kubectl("get", "vm", "cirros-stateless-vm", "-o", "jsonpath={.status.printableStatus}")).isEqualTo("Running");
    assertThat(kubectl("get", "pods", "-n", "kubevirt")).contains("virt-api-", "virt-handler-", "virt-controller-",
        "virt-operator-");
    assertThat(kubectl("get", "nodes")).contains("node01", "node02", "Ready");
  }

  @Test
  void getDv_printsThePhaseAndProgressColumns() throws Exception {
    cluster.client().persistentVolumes().resource(Kube.localVolume("kubectl-pv", "node01", "/var/vd/kubectl", "64Mi",
        "kubectl-dv")).create();
    Kube.create(cluster.client(), Kube.DATA_VOLUMES, "default", Kube.blankDataVolume("kubectl-dv", "64Mi"));
    Kube.await(cluster.client(), Kube.DATA_VOLUMES, "default", "kubectl-dv",
        dv -> dv != null && "Succeeded".equals(Kube.at(dv, "status", "phase")));

    String output = kubectl("get", "dv", "kubectl-dv");

    assertThat(output.lines().findFirst()).get().asString().containsPattern("NAME +PHASE +PROGRESS +RESTARTS +AGE");
    assertThat(output).containsPattern("kubectl-dv +Succeeded +100\\.0% +0 +\\S+");
  }

  @Test
  void getWatch_printsObjectsCreatedWhileItWatches() throws Exception {
    Path config = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
    Process process = new ProcessBuilder(kubectl.toString(), "--kubeconfig", config.toString(), "--cache-dir",
        dir.resolve("cache").toString(), "get", "vms", "-w").redirectErrorStream(true).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        out.lines().forEach(lines::add);
      } catch (IOException ended) {
        // the process was stopped
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      // the listing comes first: once it is printed, kubectl watches from its resourceVersion
      awaitLine(lines, "cirros-stateless-vm");
      Kube.create(cluster.client(), Kube.VMS, "default", Kube.cirros("watched-by-kubectl", "Halted"));

      assertThat(awaitLine(lines, "watched-by-kubectl")).containsPattern("watched-by-kubectl +\\S+");
    } finally {
      process.destroy();
      process.waitFor(Waits.SECONDS, TimeUnit.SECONDS);
    }
  }

  private static String awaitLine(BlockingQueue<String> lines, String text) throws InterruptedException {
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Waits.SECONDS);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line != null && line.contains(text)) {
        return line;
      }
      if (line != null) {
        seen.add(line);
      }
    }
    throw new AssertionError("kubectl printed no line with " + text + " within " + Waits.SECONDS + " s; it printed: "
        + seen);
  }

  private static String kubectl(String... args) throws IOException, InterruptedException {
    Path config = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
    // discovery is cached in the test's directory, not in ~/.kube/cache
    List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", config.toString(),
        "--cache-dir", dir.resolve("cache").toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(Waits.SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
