package dev.edgevm.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterLifecycleTest {

  @Test
  void close_stopsEveryThreadItStarted() throws Exception {
    Set<Thread> before = Leftovers.threads();
    EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(3).start();
    Kube.create(cluster.client(), Kube.VMS, "default", Kube.cirros("threads", "Always"));
    Kube.awaitStatus(cluster.client(), "default", "threads", "Running");
    assertThat(Leftovers.threads()).hasSizeGreaterThan(before.size());

    cluster.close();

    Set<Thread> leftover = Leftovers.awaitThreadsGone(before);
    assertThat(leftover).as("threads left running after close").isEmpty();
  }

  /**
   * Closing with watches of its client open logs nothing: the client's event loops used to log
   * Netty's shutdown race (a rejected listener notification) about one close in four, so several
   * clusters are closed.
   */
  @Test
  void close_isQuiet_withWatchesOfItsClientOpen() throws Exception {
    Set<Thread> before = Leftovers.threads();
    try (Warnings warnings = new Warnings()) {
      for (int i = 0; i < 12; i++) {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().start()) {
          cluster.client().configMaps().inNamespace("default").inform();
        }
      }
      // what the closed clusters' threads would log, they log before they end
      assertThat(Leftovers.awaitThreadsGone(before)).isEmpty();
      assertThat(warnings.text()).isEmpty();
    }
  }

  @Test
  void close_deletesTheNodeDirectories() throws IOException {
    Path root;
    Path disk;
    try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(2).start()) {
      root = cluster.nodeRoot("node01");
      disk = root.resolve("var/vd/vol3");
      Files.createDirectories(disk);
      Files.writeString(disk.resolve("disk.img"), "raw");
      assertThat(cluster.nodeRoot("node02")).isDirectory().isNotEqualTo(root);
    }

    assertThat(root).doesNotExist();
    assertThat(root.getParent().getParent()).doesNotExist();
  }

  @Test
  void nodeRoot_ofAnUnknownNode_isRefused() {
    try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(1).start()) {
      assertThatThrownBy(() -> cluster.nodeRoot("node07"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node07").hasMessageContaining("node01");
    }
  }

  @Test
  void kubeconfig_connectsAnotherClient(@TempDir Path dir) throws IOException {
    try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(2).start()) {
      Path file = cluster.writeKubeconfig(dir.resolve("edgevm-demo.kubeconfig"));

      try (KubernetesClient other = new KubernetesClientBuilder()
          .withConfig(Config.fromKubeconfig(Files.readString(file))).build()) {
        assertThat(other.nodes().list().getItems()).hasSize(2);
        assertThat(other.getNamespace()).isEqualTo("default");
      }
    }
    assertThat(dir.resolve("edgevm-demo.kubeconfig")).exists();
  }

  @Test
  void nodes_haveTheConfiguredLabelsTaintsAndResources() {
    try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(3)
        .node("node01", n -> n.label("feature.node.kubernetes.io/network-sriov.capable", "true")
            .allocatable("intel.com/intel_sriov_vm", "1"))
        .node("node03", n -> n.taint("cmk", null, "NoSchedule"))
        .start()) {
      KubernetesClient client = cluster.client();

      var node01 = client.nodes().withName("node01").get();
      var node03 = client.nodes().withName("node03").get();

      assertThat(node01.getMetadata().getLabels()).containsEntry("kubernetes.io/hostname", "node01")
          .containsEntry("feature.node.kubernetes.io/network-sriov.capable", "true");
      assertThat(node01.getStatus().getAllocatable()).containsKeys("cpu", "memory", "pods", "hugepages-2Mi",
          "hugepages-1Gi", "devices.kubevirt.io/kvm", "intel.com/intel_sriov_vm");
      assertThat(node01.getStatus().getAllocatable().get("memory").toString()).isEqualTo("64Gi");
      assertThat(node03.getSpec().getTaints()).singleElement().satisfies(taint -> {
        assertThat(taint.getKey()).isEqualTo("cmk");
        assertThat(taint.getEffect()).isEqualTo("NoSchedule");
      });
      assertThat(client.nodes().withName("node02").get().getStatus().getAllocatable())
          .doesNotContainKey("intel.com/intel_sriov_vm");
      assertThat(cluster.nodeNames()).containsExactly("node01", "node02", "node03");
    }
  }

  @Test
  void kubevirtIsDeployed() {
    try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(2).start()) {
      KubernetesClient client = cluster.client();

      var kubevirt = Kube.of(client, new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
          .withGroup("kubevirt.io").withVersion("v1").withPlural("kubevirts").withNamespaced(true).build())
          .inNamespace("kubevirt").withName("kubevirt").get();

      assertThat(Kube.at(kubevirt, "status", "phase")).isEqualTo("Deployed");
      assertThat(client.pods().inNamespace("kubevirt").list().getItems())
          .extracting(p -> p.getMetadata().getLabels().get("kubevirt.io"))
          .containsOnly("virt-api", "virt-controller", "virt-operator", "virt-handler")
          .filteredOn(label -> label.equals("virt-handler")).hasSize(2);
      assertThat(client.pods().inNamespace("kubevirt").list().getItems())
          .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running"));
    }
  }

  @Test
  void invalidBuilderSettings_areRefusedWithTheirName() {
    assertThatThrownBy(() -> EmbeddedEdgeCluster.builder().nodes(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodes");
    assertThatThrownBy(() -> EmbeddedEdgeCluster.builder().node("node01", n -> n.taint("cmk", null, "Sometimes")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("effect");
    assertThatThrownBy(() -> EmbeddedEdgeCluster.builder().node("Node_1", n -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Node_1");
    assertThatThrownBy(() -> EmbeddedEdgeCluster.builder().faults(f -> f.rate(1.5)).start())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate");
  }

  @Test
  void failedStart_leavesNoThreadsOrFiles() throws Exception {
    Set<Thread> before = Leftovers.threads();
    Set<Path> tempBefore = Leftovers.files();

    assertThatThrownBy(() -> EmbeddedEdgeCluster.builder().faults(f -> f.rate(2)).start())
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(Leftovers.awaitThreadsGone(before)).isEmpty();
    assertThat(Leftovers.files()).isEqualTo(tempBefore);
  }
}
