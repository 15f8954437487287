package dev.edgevm.embedded.sriov;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.Waits;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The SR-IOV network device plugin's DaemonSet: its pods, what they advertise, and their restart. */
class SriovDevicePluginTest {

  private static final String VF = "intel.com/intel_sriov_vm";
  private static final String NS = "kube-system";
  private static final String PREFIX = "sriov-release-kube-sriov-device-plugin-amd64-";

  @Test
  void onePodPerSriovNode_labelledAndRunning_evenOnTheCmkTaintedNode() {
    try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(3)
        .node("node01", n -> n.allocatable(VF, "2"))
        .node("node03", n -> n.allocatable(VF, "1").taint("cmk", null, "NoSchedule"))
        .start()) {
      KubernetesClient client = cluster.client();

      List<Pod> plugins = client.pods().inNamespace(NS).withLabel("app", "sriovdp").list().getItems();

      assertThat(plugins).extracting(p -> p.getSpec().getNodeName()).containsExactlyInAnyOrder("node01", "node03");
      assertThat(plugins).allSatisfy(p -> {
        assertThat(p.getMetadata().getName()).matches(PREFIX + "[bcdfghjklmnpqrstvwxz2456789]{5}");
        assertThat(p.getMetadata().getLabels()).containsEntry("name", "sriov-device-plugin").containsEntry("tier", "node")
            .containsKeys("controller-revision-hash", "pod-template-generation");
        assertThat(p.getMetadata().getOwnerReferences()).singleElement()
            .satisfies(o -> assertThat(o.getKind() + "/" + o.getName()).isEqualTo("DaemonSet/sriov-release-kube-sriov-device-plugin-amd64"));
        assertThat(p.getStatus().getPhase()).isEqualTo("Running");
        assertThat(p.getStatus().getPodIP()).isEqualTo(p.getStatus().getHostIP());
      });
      DaemonSet ds = client.apps().daemonSets().inNamespace(NS).withName("sriov-release-kube-sriov-device-plugin-amd64").get();
      assertThat(ds.getStatus().getDesiredNumberScheduled()).isEqualTo(2);
      assertThat(ds.getStatus().getNumberReady()).isEqualTo(2);
      assertThat(client.nodes().withName("node01").get().getMetadata().getLabels())
          .containsEntry("feature.node.kubernetes.io/network-sriov.capable", "true");
      assertThat(client.nodes().withName("node02").get().getMetadata().getLabels())
          .doesNotContainKey("feature.node.kubernetes.io/network-sriov.capable");
      assertThat(allocatable(client, "node01")).isEqualTo("2");
      assertThat(capacity(client, "node01")).isEqualTo("2");
    }
  }

  @Test
  void clusterWithoutSriov_hasNoDevicePlugin() {
    try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(2).start()) {
      assertThat(cluster.client().apps().daemonSets().inNamespace(NS).list().getItems()).isEmpty();
      assertThat(cluster.client().pods().inNamespace(NS).list().getItems()).isEmpty();
      assertThat(cluster.nodeRoot("node01").resolve("sys")).doesNotExist();
    }
  }

  @Test
  void deletingThePluginPod_dropsAllocatableToZero_untilItsReplacementRuns() throws InterruptedException {
    try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(2).node("node01", n -> n.allocatable(VF, "1")).start()) {
      KubernetesClient client = cluster.client();
      Pod old = client.pods().inNamespace(NS).withLabel("app", "sriovdp").list().getItems().get(0);
      List<String> seen = new CopyOnWriteArrayList<>();
      CountDownLatch restored = new CountDownLatch(1);

      try (Watch watch = client.nodes().withName("node01").watch(recorder(seen, restored))) {
        client.pods().inNamespace(NS).withName(old.getMetadata().getName()).delete();

        Pod replacement = awaitRunningReplacement(client, old);
        assertThat(restored.await(Waits.SECONDS, TimeUnit.SECONDS)).as("allocatable dropped and came back: %s", seen).isTrue();

        assertThat(replacement.getSpec().getNodeName()).isEqualTo("node01");
        assertThat(replacement.getMetadata().getName()).startsWith(PREFIX).isNotEqualTo(old.getMetadata().getName());
        // capacity/allocatable as the node reported them, in order: the drop, then the registration
        assertThat(seen).containsSubsequence("1/1", "1/0", "1/1");
      }
    }
  }

  /**
   * A device plugin registers with the kubelet once its container runs, and the kubelet reports
   * its devices in a later node status: the replacement pod is Running and Ready in a write that
   * comes before (a lower resourceVersion than) the node status showing the VF again.
   */
  @Test
  void theReplacementPlugin_isRunningAndReady_beforeTheNodeReportsItsVfs() throws InterruptedException {
    try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().node("node01", n -> n.allocatable(VF, "1")).start()) {
      KubernetesClient client = cluster.client();
      Pod old = client.pods().inNamespace(NS).withLabel("app", "sriovdp").list().getItems().get(0);
      List<Long> readyVersions = new CopyOnWriteArrayList<>();
      List<Long> restoredVersions = new CopyOnWriteArrayList<>();
      CountDownLatch restored = new CountDownLatch(1);
      CountDownLatch ready = new CountDownLatch(1);
      List<String> seen = new CopyOnWriteArrayList<>();

      try (Watch pods = client.pods().inNamespace(NS).withLabel("app", "sriovdp").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
              if (!pod.getMetadata().getUid().equals(old.getMetadata().getUid()) && runningAndReady(pod)) {
                readyVersions.add(Long.parseLong(pod.getMetadata().getResourceVersion()));
                ready.countDown();
              }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
          });
          Watch nodes = client.nodes().withName("node01").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Node node) {
              String now = vfs(node);
              seen.add(now);
              if (seen.contains("1/0") && now.equals("1/1")) {
                restoredVersions.add(Long.parseLong(node.getMetadata().getResourceVersion()));
                restored.countDown();
              }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
          })) {
        client.pods().inNamespace(NS).withName(old.getMetadata().getName()).delete();

        assertThat(restored.await(Waits.SECONDS, TimeUnit.SECONDS)).as("allocatable dropped and came back: %s", seen).isTrue();
        assertThat(ready.await(Waits.SECONDS, TimeUnit.SECONDS)).as("a new plugin pod Running and Ready").isTrue();

        assertThat(readyVersions.get(0)).as("the new plugin pod Running and Ready").isLessThan(restoredVersions.get(0));
      }
    }
  }

  private static boolean runningAndReady(Pod pod) {
    return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase()) && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Test
  void deletingTheDaemonSet_deletesItsPods_andLeavesNoVfAllocatable() {
    try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().node("node01", n -> n.allocatable(VF, "1")).start()) {
      KubernetesClient client = cluster.client();

      client.apps().daemonSets().inNamespace(NS).withName("sriov-release-kube-sriov-device-plugin-amd64").delete();

      client.pods().inNamespace(NS).withLabel("app", "sriovdp").informOnCondition(List::isEmpty).orTimeout(Waits.SECONDS, TimeUnit.SECONDS).join();
      client.nodes().withName("node01").waitUntilCondition(n -> "1/0".equals(vfs(n)), Waits.SECONDS, TimeUnit.SECONDS);
      assertThat(client.pods().inNamespace(NS).withLabel("app", "sriovdp").list().getItems()).isEmpty();
    }
  }

  @Test
  void vfNotBoundToVfioPci_isNotAdvertised_untilBoundAndThePluginRestarts() throws IOException {
    try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().node("node01", n -> n.unboundVfs(VF, 1)).start()) {
      KubernetesClient client = cluster.client();
      Path drivers = cluster.nodeRoot("node01").resolve("sys/bus/pci/drivers");

      assertThat(vfs(client.nodes().withName("node01").get())).isEqualTo("0/0");
      assertThat(list(drivers.resolve("iavf"))).containsExactly("0000:18:02.0");
      assertThat(list(drivers.resolve("vfio-pci"))).isEmpty();

      // on the node: dpdk-devbind.py --bind=vfio-pci 0000:18:02.0
      Files.move(drivers.resolve("iavf/0000:18:02.0"), drivers.resolve("vfio-pci/0000:18:02.0"));
      assertThat(vfs(client.nodes().withName("node01").get())).as("the running plugin does not rescan").isEqualTo("0/0");

      Pod old = client.pods().inNamespace(NS).withLabel("app", "sriovdp").list().getItems().get(0);
      client.pods().inNamespace(NS).withName(old.getMetadata().getName()).delete();
      awaitRunningReplacement(client, old);

      // the replacement registers once it runs; the kubelet reports its VF in a later node status
      Node node = client.nodes().withName("node01").waitUntilCondition(n -> n != null && "1/1".equals(vfs(n)),
          Waits.SECONDS, TimeUnit.SECONDS);
      assertThat(vfs(node)).isEqualTo("1/1");
    }
  }

  @Test
  void boundAndUnboundVfs_ofSeveralResources_haveTheirOwnBuses() throws IOException {
    try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder()
        .node("node01", n -> n.allocatable(VF, "9").unboundVfs(VF, 1).allocatable("intel.com/intel_sriov_netdevice", "1"))
        .start()) {
      Path drivers = cluster.nodeRoot("node01").resolve("sys/bus/pci/drivers");

      assertThat(list(drivers.resolve("vfio-pci"))).hasSize(10).contains("0000:18:02.0", "0000:18:02.7", "0000:18:03.0", "0000:19:02.0");
      assertThat(list(drivers.resolve("iavf"))).containsExactly("0000:18:03.1");
      Node node = cluster.client().nodes().withName("node01").get();
      assertThat(node.getStatus().getAllocatable().get(VF).toString()).isEqualTo("9");
      assertThat(node.getStatus().getAllocatable().get("intel.com/intel_sriov_netdevice").toString()).isEqualTo("1");
    }
  }

  private static Pod awaitRunningReplacement(KubernetesClient client, Pod old) {
    return client.pods().inNamespace(NS).withLabel("app", "sriovdp").informOnCondition(pods -> pods.stream()
            .anyMatch(p -> !p.getMetadata().getUid().equals(old.getMetadata().getUid())
                && old.getSpec().getNodeName().equals(p.getSpec().getNodeName())
                && p.getStatus() != null && "Running".equals(p.getStatus().getPhase())))
        .thenApply(pods -> pods.stream().filter(p -> !p.getMetadata().getUid().equals(old.getMetadata().getUid())).findFirst().orElseThrow())
        .orTimeout(Waits.SECONDS, TimeUnit.SECONDS).join();
  }

  /** Records each change of the node's VFs; counts down once they dropped and came back. */
  private static Watcher<Node> recorder(List<String> seen, CountDownLatch restored) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, Node node) {
        String now = vfs(node);
        if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(now)) {
          seen.add(now);
        }
        if (seen.contains("1/0") && now.equals("1/1")) {
          restored.countDown();
        }
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    };
  }

  /** {@code capacity/allocatable} of the VF resource. */
  private static String vfs(Node node) {
    return quantity(node.getStatus().getCapacity().get(VF)) + "/" + quantity(node.getStatus().getAllocatable().get(VF));
  }

  private static String quantity(Object q) {
    return Objects.toString(q, "-");
  }

  private static String allocatable(KubernetesClient client, String node) {
    return client.nodes().withName(node).get().getStatus().getAllocatable().get(VF).toString();
  }

  private static String capacity(KubernetesClient client, String node) {
    return client.nodes().withName(node).get().getStatus().getCapacity().get(VF).toString();
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
