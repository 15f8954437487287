package dev.edgevm.embedded.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.Kube;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** A cluster whose KubeVirt does not serve VM exports: the API is absent, as on such a cluster. */
class WithoutVmExportsTest {

  @Test
  void theExportApi_isNotDiscovered_hasNoCrd_andItsPathsAreNotFound() {
    try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().withoutVmExports().start()) {
      KubernetesClient client = cluster.client();
      APIGroupList groups = Serialization.unmarshal(Kube.request(client, "GET", "/apis", null).body(), APIGroupList.class);

      assertThat(groups.getGroups()).extracting(g -> g.getName()).doesNotContain("export.kubevirt.io")
          .contains("snapshot.kubevirt.io", "kubevirt.io");
      assertThat(client.getApiGroup("export.kubevirt.io")).isNull();
      assertThat(Kube.request(client, "GET", "/apis/export.kubevirt.io/v1", null).code()).isEqualTo(404);
      assertThat(Kube.request(client, "GET", "/apis/export.kubevirt.io/v1/namespaces/default/virtualmachineexports",
          null).code()).isEqualTo(404);
      assertThat(Kube.request(client, "POST", "/apis/export.kubevirt.io/v1/namespaces/default/virtualmachineexports",
          "{\"apiVersion\":\"export.kubevirt.io/v1\",\"kind\":\"VirtualMachineExport\",\"metadata\":{\"name\":\"x\"}}")
          .code()).isEqualTo(404);
      assertThat(client.apiextensions().v1().customResourceDefinitions()
          .withName("virtualmachineexports.export.kubevirt.io").get()).isNull();
      assertThat(client.apiextensions().v1().customResourceDefinitions()
          .withName("virtualmachinesnapshots.snapshot.kubevirt.io").get()).isNotNull();
    }
  }

  @Test
  void aDefaultCluster_servesIt() {
    try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().start()) {
      assertThat(cluster.client().getApiGroup("export.kubevirt.io")).isNotNull();
      assertThat(Kube.request(cluster.client(), "GET",
          "/apis/export.kubevirt.io/v1/namespaces/default/virtualmachineexports", null).code()).isEqualTo(200);
    }
  }
}
