package dev.edgevm.embedded.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.Leftovers;
import dev.edgevm.embedded.Waits;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs and pinned pods running allowed commands on a node's directories. */
class JobsTest {

  private static EmbeddedEdgeCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = EmbeddedEdgeCluster.builder().nodes(2).start();
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static boolean installed(String command) {
    for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  /** A Job pinned to a node with hostPath /var/vd/vol3 mounted at /data, running one command. */
  private static Job job(String name, String node, int backoffLimit, String... command) {
    return new JobBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
        .withNewSpec().withBackoffLimit(backoffLimit)
        .withNewTemplate().withNewSpec()
        .withRestartPolicy("Never")
        .withNodeSelector(java.util.Map.of("kubernetes.io/hostname", node))
        .addNewContainer().withName("tool").withImage("quay.io/edgevm/qemu-img:latest").withCommand(command)
        .addNewVolumeMount().withName("vol").withMountPath("/data").endVolumeMount()
        .endContainer()
        .addNewVolume().withName("vol").withNewHostPath().withPath("/var/vd/vol3").endHostPath().endVolume()
        .endSpec().endTemplate().endSpec().build();
  }

  private static Job awaitFinished(String name) {
    return client.batch().v1().jobs().inNamespace("default").withName(name).waitUntilCondition(job ->
        job != null && job.getStatus() != null && job.getStatus().getConditions() != null
            && !job.getStatus().getConditions().isEmpty(), Waits.SECONDS, TimeUnit.SECONDS);
  }

  private static Pod onlyPod(Job job) {
    List<Pod> pods = client.pods().inNamespace("default").withLabel("batch.kubernetes.io/job-name",
        job.getMetadata().getName()).list().getItems();
    assertThat(pods).isNotEmpty();
    return pods.get(pods.size() - 1);
  }

  private static Path vol3(String node) {
    return cluster.nodeRoot(node).resolve("var/vd/vol3");
  }

  @Test
  void qemuImgConvert_runsOnTheNodesVolume_andTheJobCompletes() throws Exception {
    assumeTrue(installed("qemu-img"), "qemu-img is not installed: the Job's qemu-img cannot run");
    Files.createDirectories(vol3("node02"));
    byte[] data = new byte[1024 * 1024];
    new Random(1).nextBytes(data);
    Files.write(vol3("node02").resolve("disk.img"), data);

    client.batch().v1().jobs().resource(job("snapshot", "node02", 0,
        "qemu-img", "convert", "-f", "raw", "-O", "qcow2", "/data/disk.img", "/data/snap.qcow2")).create();

    Job job = awaitFinished("snapshot");
    JobCondition condition = job.getStatus().getConditions().get(0);
    assertThat(condition.getType()).isEqualTo("Complete");
    assertThat(condition.getStatus()).isEqualTo("True");
    assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(job.getStatus().getCompletionTime()).isNotNull();
    Pod pod = onlyPod(job);
    assertThat(pod.getSpec().getNodeName()).isEqualTo("node02");
    assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
    ContainerStateTerminated terminated = pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getExitCode()).isZero();
    assertThat(terminated.getReason()).isEqualTo("Completed");
    Path snapshot = vol3("node02").resolve("snap.qcow2");
    assertThat(Files.readAllBytes(snapshot)).startsWith('Q', 'F', 'I', (byte) 0xfb);
  }

  @Test
  void rm_deletesTheFileOnTheNode() throws Exception {
    Files.createDirectories(vol3("node01"));
    Path doomed = Files.writeString(vol3("node01").resolve("old.img"), "bytes");

    client.batch().v1().jobs().resource(job("wipe", "node01", 0, "rm", "-f", "/data/old.img")).create();

    assertThat(awaitFinished("wipe").getStatus().getConditions().get(0).getType()).isEqualTo("Complete");
    assertThat(doomed).doesNotExist();
  }

  @Test
  void shellCommand_failsThePod_withTheReason_andTheJobGivesUp() {
    client.batch().v1().jobs().resource(job("sneaky", "node01", 1, "sh", "-c", "rm -rf /data")).create();

    Job job = awaitFinished("sneaky");
    JobCondition condition = job.getStatus().getConditions().get(0);
    assertThat(condition.getType()).isEqualTo("Failed");
    assertThat(condition.getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(job.getStatus().getFailed()).isEqualTo(2);
    ContainerStateTerminated terminated = onlyPod(job).getStatus().getContainerStatuses().get(0).getState()
        .getTerminated();
    assertThat(terminated.getReason()).isEqualTo("CommandNotAllowed");
    assertThat(terminated.getMessage()).contains("\"sh\"", "never run through a shell");
  }

  @Test
  void pinnedPod_failingCommand_reportsItsExitCode_andItsOutputAsTheLog() throws Exception {
    Files.createDirectories(vol3("node01"));
    Files.writeString(vol3("node01").resolve("present.txt"), "hello");
    Pod pod = new PodBuilder().withNewMetadata().withName("lister").withNamespace("default").endMetadata()
        .withNewSpec().withNodeName("node01").withRestartPolicy("Never")
        .addNewContainer().withName("ls").withImage("busybox").withCommand("ls", "/data/present.txt", "/data/absent")
        .addNewVolumeMount().withName("vol").withMountPath("/data").endVolumeMount().endContainer()
        .addNewVolume().withName("vol").withNewHostPath().withPath("/var/vd/vol3").endHostPath().endVolume()
        .endSpec().build();
    client.pods().resource(pod).create();

    Pod done = client.pods().inNamespace("default").withName("lister").waitUntilCondition(p -> p != null
        && p.getStatus() != null && "Failed".equals(p.getStatus().getPhase()), Waits.SECONDS, TimeUnit.SECONDS);

    ContainerStateTerminated terminated = done.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getExitCode()).isEqualTo(2);
    assertThat(terminated.getReason()).isEqualTo("Error");
    String log = client.pods().inNamespace("default").withName("lister").getLog();
    assertThat(log).contains("/data/present.txt", "/data/absent", "No such file or directory")
        .doesNotContain(cluster.nodeRoot("node01").toString());
  }

  /** A path from a container's root to {@code target} of this machine, climbing with enough "..". */
  private static String climbingTo(Path target) {
    return "../".repeat(target.getNameCount() + 20) + target.toString().substring(1);
  }

  @Test
  void relativeAndDotDotPaths_stayInsideTheContainer_andNeverReachTheMachine(@TempDir Path machine) throws Exception {
    Path precious = Files.writeString(machine.resolve("precious.txt"), "keep");
    Files.createDirectories(vol3("node01"));
    Files.writeString(vol3("node01").resolve("seed.txt"), "XXXX");

    client.batch().v1().jobs().resource(job("climb-rm", "node01", 0, "rm", "-rf", climbingTo(precious))).create();
    client.batch().v1().jobs().resource(job("climb-abs", "node01", 0, "rm", "-f",
        "/data/../.." + "/..".repeat(20) + precious)).create();
    // in the container's own directory the target's directories do not exist: dd fails there
    client.batch().v1().jobs().resource(job("climb-dd", "node01", 0, "dd", "if=/data/seed.txt",
        "of=" + climbingTo(precious), "conv=notrunc")).create();

    for (String name : List.of("climb-rm", "climb-abs")) {
      assertThat(awaitFinished(name).getStatus().getConditions().get(0).getType()).as(name).isEqualTo("Complete");
    }
    Job dd = awaitFinished("climb-dd");
    assertThat(client.pods().inNamespace("default").withName(onlyPod(dd).getMetadata().getName()).getLog())
        .contains("No such file or directory").doesNotContain("rootfs");
    assertThat(precious).hasContent("keep");
  }

  @Test
  void aSymbolicLinkInAVolumeLeadingOutside_failsThePod_andTouchesNothing(@TempDir Path machine) throws Exception {
    Path precious = Files.writeString(machine.resolve("precious.txt"), "keep");
    Files.createDirectories(vol3("node02"));
    Files.createSymbolicLink(vol3("node02").resolve("shortcut"), machine);

    client.batch().v1().jobs().resource(job("through-link", "node02", 0, "dd", "if=/dev/zero",
        "of=/data/shortcut/precious.txt", "count=1")).create();

    Job job = awaitFinished("through-link");
    assertThat(job.getStatus().getConditions().get(0).getType()).isEqualTo("Failed");
    ContainerStateTerminated terminated = onlyPod(job).getStatus().getContainerStatuses().get(0).getState()
        .getTerminated();
    assertThat(terminated.getExitCode()).isEqualTo(126);
    assertThat(terminated.getReason()).isEqualTo("PathNotAllowed");
    assertThat(terminated.getMessage()).contains("of=/data/shortcut/precious.txt", "symbolic link")
        .doesNotContain(machine.toString());
    assertThat(precious).hasContent("keep");
  }

  @Test
  void closingDuringAJob_killsItsProcess_andLeavesNoThreadOrFile() throws Exception {
    assumeTrue(installed("sleep"), "sleep is not installed: no slow command for the Job");
    Set<Thread> threadsBefore = Leftovers.threads();
    Set<Path> filesBefore = Leftovers.files();
    EmbeddedEdgeCluster busy = EmbeddedEdgeCluster.builder().allowJobCommands("sleep").start();
    ProcessHandle sleeper;
    try {
      busy.client().pods().resource(new PodBuilder().withNewMetadata().withName("slow").withNamespace("default")
          .endMetadata().withNewSpec().withNodeName("node01").withRestartPolicy("Never")
          .addNewContainer().withName("wait").withImage("busybox").withCommand("sleep", "600").endContainer()
          .endSpec().build()).create();
      sleeper = Leftovers.awaitProcess(handle -> handle.info().command().orElse("").endsWith("/sleep")
          && List.of(handle.info().arguments().orElse(new String[0])).equals(List.of("600")));
    } finally {
      busy.close();
    }

    assertThat(sleeper.isAlive()).as("the Job's process").isFalse();
    assertThat(Leftovers.awaitThreadsGone(threadsBefore)).isEmpty();
    assertThat(Leftovers.files()).isEqualTo(filesBefore);
  }
}
