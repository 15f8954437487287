package dev.edgevm.embedded.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EnableEmbeddedEdgeCluster;
import dev.edgevm.embedded.Kube;
import dev.edgevm.embedded.Waits;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIVersions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@EnableEmbeddedEdgeCluster
class DiscoveryTest {

  static KubernetesClient client;

  @Test
  void coreAndGroupDocuments_acceptKubectlsQueryStrings() {
    APIVersions api = Serialization.unmarshal(Kube.request(client, "GET", "/api?timeout=32s", null).body(), APIVersions.class);
    APIGroupList groups = Serialization.unmarshal(Kube.request(client, "GET", "/apis?timeout=32s", null).body(),
        APIGroupList.class);

    assertThat(api.getVersions()).containsExactly("v1");
    assertThat(groups.getGroups()).extracting(g -> g.getName())
        .contains("kubevirt.io", "cdi.kubevirt.io", "subresources.kubevirt.io", "snapshot.kubevirt.io",
            "export.kubevirt.io", "k8s.cni.cncf.io", "upload.cdi.kubevirt.io", "storage.k8s.io");
    assertThat(groups.getGroups()).filteredOn(g -> g.getName().equals("kubevirt.io")).singleElement()
        .satisfies(g -> assertThat(g.getPreferredVersion().getGroupVersion()).isEqualTo("kubevirt.io/v1"));
  }

  @Test
  void resourceLists_carryShortNamesAndScope() {
    List<APIResource> kubevirt = resources("/apis/kubevirt.io/v1?timeout=32s");
    List<APIResource> core = resources("/api/v1");
    List<APIResource> cdi = resources("/apis/cdi.kubevirt.io/v1beta1");

    assertThat(kubevirt).filteredOn(r -> r.getName().equals("virtualmachines")).singleElement().satisfies(r -> {
      assertThat(r.getShortNames()).containsExactly("vm", "vms");
      assertThat(r.getNamespaced()).isTrue();
      assertThat(r.getKind()).isEqualTo("VirtualMachine");
    });
    assertThat(kubevirt).extracting(APIResource::getName).contains("virtualmachineinstances", "virtualmachines/status");
    assertThat(core).filteredOn(r -> r.getName().equals("persistentvolumes")).singleElement()
        .satisfies(r -> assertThat(r.getNamespaced()).isFalse());
    assertThat(core).filteredOn(r -> r.getName().equals("persistentvolumeclaims")).singleElement()
        .satisfies(r -> assertThat(r.getShortNames()).containsExactly("pvc"));
    assertThat(cdi).filteredOn(r -> r.getName().equals("datavolumes")).singleElement()
        .satisfies(r -> assertThat(r.getShortNames()).contains("dv"));
    assertThat(resources("/apis/subresources.kubevirt.io/v1")).extracting(APIResource::getName)
        .contains("virtualmachines/start", "virtualmachineinstances/console");
  }

  @Test
  void customResourceDefinitions_exist() {
    assertThat(client.apiextensions().v1().customResourceDefinitions().withName("virtualmachines.kubevirt.io").get())
        .satisfies(crd -> assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("vm", "vms"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void tableOutput_hasTheVmsPrinterColumns() throws Exception {
    Kube.create(client, Kube.VMS, "default", Kube.cirros("printed", "Always"));
    Kube.awaitStatus(client, "default", "printed", "Running");
    Map<String, Object> table = table("apis/kubevirt.io/v1/namespaces/default/virtualmachines");

    List<Map<String, Object>> columns = (List<Map<String, Object>>) table.get("columnDefinitions");
    assertThat(columns).extracting(c -> c.get("name")).containsExactly("Name", "Age", "Status", "Ready");
    List<Map<String, Object>> rows = (List<Map<String, Object>>) table.get("rows");
    assertThat(rows).anySatisfy(row -> assertThat((List<Object>) row.get("cells"))
        .startsWith("printed").contains("Running", "True"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void tableOutput_hasTheDataVolumesPhaseAndProgress() throws Exception {
    client.persistentVolumes().resource(Kube.localVolume("printed-pv", "node01", "/var/vd/printed", "64Mi",
        "printed-dv")).create();
    Kube.create(client, Kube.DATA_VOLUMES, "default", Kube.blankDataVolume("printed-dv", "64Mi"));
    Kube.await(client, Kube.DATA_VOLUMES, "default", "printed-dv",
        dv -> dv != null && "Succeeded".equals(Kube.at(dv, "status", "phase")));

    Map<String, Object> table = table("apis/cdi.kubevirt.io/v1beta1/namespaces/default/datavolumes");

    List<Map<String, Object>> columns = (List<Map<String, Object>>) table.get("columnDefinitions");
    assertThat(columns).extracting(c -> c.get("name")).containsExactly("Name", "Phase", "Progress", "Restarts", "Age");
    List<Map<String, Object>> rows = (List<Map<String, Object>>) table.get("rows");
    assertThat(rows).singleElement().satisfies(row -> assertThat((List<Object>) row.get("cells"))
        .startsWith("printed-dv", "Succeeded", "100.0%", 0));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> table(String path) throws Exception {
    HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(client.getMasterUrl() + path)
        .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json").build();
    HttpResponse<String> response = client.getHttpClient().sendAsync(request, String.class)
        .get(Waits.SECONDS, TimeUnit.SECONDS);
    Map<String, Object> table = Serialization.unmarshal(response.body(), Map.class);
    assertThat(table).containsEntry("kind", "Table");
    return table;
  }

  private static List<APIResource> resources(String path) {
    return Serialization.unmarshal(Kube.request(client, "GET", path, null).body(), APIResourceList.class).getResources();
  }
}
