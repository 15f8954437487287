package dev.edgevm.embedded.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.EnableEmbeddedEdgeCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

/** One cluster per class (a static field asks for it); instance fields and parameters get the same one. */
@EnableEmbeddedEdgeCluster(nodes = 2, sriov = 1, namespaces = "edge")
class ExtensionInjectionTest {

  static EmbeddedEdgeCluster cluster;
  KubernetesClient client;
  ToySdk sdk;

  @Test
  void fieldsAreInjectedFromTheClassCluster() {
    assertThat(cluster).isNotNull();
    assertThat(client).isSameAs(cluster.client());
    assertThat(sdk.client()).isSameAs(cluster.client());
    assertThat(client.nodes().list().getItems()).hasSize(2);
    assertThat(client.nodes().withName("node01").get().getStatus().getAllocatable()).containsKey("intel.com/intel_sriov_vm");
    assertThat(client.namespaces().withName("edge").get()).isNotNull();
  }

  @Test
  void parametersAreInjectedToo(EmbeddedEdgeCluster injected, KubernetesClient injectedClient, ToySdk toy) {
    assertThat(injected).isSameAs(cluster);
    assertThat(injectedClient).isSameAs(cluster.client());
    assertThat(toy).isNotSameAs(sdk);
  }
}
