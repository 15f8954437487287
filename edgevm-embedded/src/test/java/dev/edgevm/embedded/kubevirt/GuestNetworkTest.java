package dev.edgevm.embedded.kubevirt;

import static dev.edgevm.embedded.Kube.VMIS;
import static dev.edgevm.embedded.Kube.VMS;
import static dev.edgevm.embedded.Kube.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EnableEmbeddedEdgeCluster;
import dev.edgevm.embedded.Kube;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The guest's SR-IOV NIC comes up with the address its cloud-init network data gives its MAC. */
@EnableEmbeddedEdgeCluster(nodes = 2, sriov = 2)
class GuestNetworkTest {

  private static final String NS = "default";
  private static final String MAC = "4a:b0:80:d8:a9:b3";
  private static final String NETWORK_DATA = String.join("\n",
      "version: 2",
      "ethernets:",
      "  eth1:",
      "    match:",
      "      macaddress: \"" + MAC + "\"",
      "    addresses:",
      "    - 192.168.100.2/24",
      "    gateway4: 192.168.100.1",
      "");

  static KubernetesClient client;

  @BeforeAll
  static void networkAttachment() {
    Kube.create(client, Kube.NADS, NS, Kube.yaml(String.join("\n",
        "apiVersion: k8s.cni.cncf.io/v1",
        "kind: NetworkAttachmentDefinition",
        "metadata:",
        "  name: sriov-openness-vm",
        "  annotations:",
        "    k8s.v1.cni.cncf.io/resourceName: intel.com/intel_sriov_vm",
        "")));
  }

  @Test
  void inlineNetworkData_givesTheSriovNicItsStaticAddress() {
    GenericKubernetesResource vm = SchedulingTest.sriovVm("inline");
    cloudInit(vm, Map.of("networkData", NETWORK_DATA));
    Kube.create(client, VMS, NS, vm);

    Kube.awaitStatus(client, NS, "inline", "Running");

    List<Map<String, Object>> interfaces = Kube.get(client, VMIS, NS, "inline").get("status", "interfaces");
    assertThat(interfaces).hasSize(2);
    assertThat(interfaces.get(0)).containsEntry("name", "default").containsEntry("interfaceName", "eth0");
    assertThat((String) interfaces.get(0).get("ipAddress")).startsWith("10.244.");
    assertThat(interfaces.get(1)).containsEntry("name", "sriov-net").containsEntry("mac", MAC)
        .containsEntry("ipAddress", "192.168.100.2").containsEntry("interfaceName", "eth1");
  }

  @Test
  void networkDataFromASecret_isReadToo() {
    client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("net-config").endMetadata()
        .addToData("networkdata", Base64.getEncoder().encodeToString(
            NETWORK_DATA.replace("192.168.100.2", "192.168.100.7").getBytes(StandardCharsets.UTF_8)))
        .build()).create();
    GenericKubernetesResource vm = SchedulingTest.sriovVm("from-secret");
    cloudInit(vm, Map.of("networkDataSecretRef", Map.of("name", "net-config")));
    Kube.create(client, VMS, NS, vm);

    Kube.awaitStatus(client, NS, "from-secret", "Running");

    assertThat(at(Kube.get(client, VMIS, NS, "from-secret"), "status", "interfaces", 1, "ipAddress"))
        .isEqualTo("192.168.100.7");
  }

  @Test
  void withoutNetworkData_theSriovNicHasNoAddress() {
    Kube.create(client, VMS, NS, SchedulingTest.sriovVm("bare"));

    Kube.awaitStatus(client, NS, "bare", "Running");

    assertThat(at(Kube.get(client, VMIS, NS, "bare"), "status", "interfaces", 1, "ipAddress")).isNull();
  }

  @SuppressWarnings("unchecked")
  private static void cloudInit(GenericKubernetesResource vm, Map<String, Object> source) {
    Map<String, Object> spec = vm.get("spec", "template", "spec");
    List<Object> volumes = new java.util.ArrayList<>((List<Object>) spec.get("volumes"));
    volumes.add(Map.of("name", "cloudinit", "cloudInitNoCloud", source));
    spec.put("volumes", volumes);
  }
}
