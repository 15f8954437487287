package dev.edgevm.embedded.kubevirt;

import static dev.edgevm.embedded.Kube.VMIS;
import static dev.edgevm.embedded.Kube.VMS;
import static dev.edgevm.embedded.Kube.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.Kube;
import dev.edgevm.embedded.Waits;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Placement of launcher pods (and any pod) on the runbook's kind of cluster: SR-IOV on one node, CMK taint on another. */
class SchedulingTest {

  private static final String NS = "default";
  private static EmbeddedEdgeCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = EmbeddedEdgeCluster.builder()
        .nodes(3)
        .node("node01", n -> n.label("feature.node.kubernetes.io/network-sriov.capable", "true")
            .allocatable("intel.com/intel_sriov_vm", "1").allocatable("hugepages-2Mi", "8Gi"))
        .node("node03", n -> n.taint("cmk", null, "NoSchedule"))
        .start();
    client = cluster.client();
    Kube.create(client, Kube.NADS, NS, Kube.yaml(String.join("\n",
        "apiVersion: k8s.cni.cncf.io/v1",
        "kind: NetworkAttachmentDefinition",
        "metadata:",
        "  name: sriov-openness-vm",
        "  annotations:",
        "    k8s.v1.cni.cncf.io/resourceName: intel.com/intel_sriov_vm",
        "spec:",
        "  config: '{\"cniVersion\":\"0.3.1\",\"name\":\"sriov-openness-vm\",\"type\":\"sriov\",\"vlan\":0}'",
        "")));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void sriovVm_landsOnTheNodeWithTheVirtualFunction() {
    Kube.create(client, VMS, NS, sriovVm("sriov-one"));

    Kube.awaitStatus(client, NS, "sriov-one", "Running");

    assertThat(at(Kube.get(client, VMIS, NS, "sriov-one"), "status", "nodeName")).isEqualTo("node01");
    Pod launcher = client.pods().inNamespace(NS).withLabel("vm.kubevirt.io/name", "sriov-one").list().getItems().get(0);
    Map<String, Quantity> requests = launcher.getSpec().getContainers().get(0).getResources().getRequests();
    assertThat(requests.get("intel.com/intel_sriov_vm")).isEqualTo(new Quantity("1"));
    assertThat(requests.get("hugepages-2Mi")).isEqualTo(new Quantity("2Gi"));
    assertThat(launcher.getMetadata().getAnnotations().get("k8s.v1.cni.cncf.io/networks")).contains("sriov-openness-vm");

    // the only VF is taken: a second SR-IOV VM cannot be placed anywhere
    Kube.create(client, VMS, NS, sriovVm("sriov-two"));
    GenericKubernetesResource unschedulable = Kube.awaitStatus(client, NS, "sriov-two", "ErrorUnschedulable");
    Map<String, Object> scheduled = condition(Kube.get(client, VMIS, NS, "sriov-two"), "PodScheduled");
    assertThat(scheduled).containsEntry("status", "False").containsEntry("reason", "Unschedulable");
    assertThat((String) scheduled.get("message")).isEqualTo("0/3 nodes are available: "
        + "1 node(s) had untolerated taint {cmk: }, 2 Insufficient intel.com/intel_sriov_vm. "
        + "preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, "
        + "2 No preemption victims found for incoming pod..");
    assertThat(unschedulable).isNotNull();

    // freeing the VF lets the pending VM start
    Kube.vmSubresource(client, NS, "sriov-one", "stop", null);
    Kube.awaitStatus(client, NS, "sriov-two", "Running");
    assertThat(at(Kube.get(client, VMIS, NS, "sriov-two"), "status", "nodeName")).isEqualTo("node01");
  }

  @Test
  void allNodesWithoutTheResource_reportTheInsufficientResource() {
    try (EmbeddedEdgeCluster plain = EmbeddedEdgeCluster.builder().nodes(3).start()) {
      KubernetesClient other = plain.client();
      Kube.create(other, Kube.NADS, NS, Kube.yaml(String.join("\n",
          "apiVersion: k8s.cni.cncf.io/v1",
          "kind: NetworkAttachmentDefinition",
          "metadata:",
          "  name: sriov-openness-vm",
          "  annotations:",
          "    k8s.v1.cni.cncf.io/resourceName: intel.com/intel_sriov_vm",
          "")));
      Kube.create(other, VMS, NS, sriovVm("nowhere"));

      Kube.awaitStatus(other, NS, "nowhere", "ErrorUnschedulable");

      Map<String, Object> scheduled = condition(Kube.get(other, VMIS, NS, "nowhere"), "PodScheduled");
      assertThat((String) scheduled.get("message")).startsWith("0/3 nodes are available: 3 Insufficient intel.com/intel_sriov_vm.");
      assertThat(Kube.awaitEvent(other, NS, event -> "FailedScheduling".equals(event.getReason())).getMessage())
          .startsWith("0/3 nodes are available: 3 Insufficient intel.com/intel_sriov_vm.");
    }
  }

  @Test
  void cmkTaint_keepsAPodPinnedToItsNodePending() {
    Pod pod = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("cdi-upload-x")
        .endMetadata().withNewSpec().withNodeSelector(Map.of("kubernetes.io/hostname", "node03"))
        .addNewContainer().withName("upload").withImage("quay.io/kubevirt/cdi-uploadserver").endContainer()
        .endSpec().build()).create();

    Pod pending = client.pods().inNamespace(NS).withName(pod.getMetadata().getName())
        .waitUntilCondition(p -> scheduledCondition(p) != null && "False".equals(scheduledCondition(p).getStatus()),
            Waits.SECONDS, TimeUnit.SECONDS);

    assertThat(pending.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(scheduledCondition(pending).getMessage()).startsWith("0/3 nodes are available: "
        + "1 node(s) had untolerated taint {cmk: }, 2 node(s) didn't match Pod's node affinity/selector.");

    // tolerating the taint (the runbook's workaround) lets it run
    client.pods().inNamespace(NS).withName("cdi-upload-x").delete();
    client.pods().inNamespace(NS).withName("cdi-upload-x").waitUntilCondition(p -> p == null, Waits.SECONDS, TimeUnit.SECONDS);
    client.pods().inNamespace(NS).resource(new PodBuilder(pod).editMetadata().withResourceVersion(null).endMetadata()
        .editSpec().addNewToleration().withKey("cmk").withOperator("Exists").withEffect("NoSchedule").endToleration()
        .endSpec().withStatus(null).build()).create();
    Pod running = client.pods().inNamespace(NS).withName("cdi-upload-x")
        .waitUntilCondition(p -> p != null && p.getStatus() != null && "Running".equals(p.getStatus().getPhase()), Waits.SECONDS, TimeUnit.SECONDS);
    assertThat(running.getSpec().getNodeName()).isEqualTo("node03");
  }

  @Test
  void claimBoundToALocalVolume_placesTheVmOnTheVolumesNode() {
    PersistentVolume pv = client.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata()
        .withName("kv-pv0").endMetadata().withNewSpec().withCapacity(Map.of("storage", new Quantity("15Gi")))
        .withAccessModes("ReadWriteOnce").withPersistentVolumeReclaimPolicy("Retain").withStorageClassName("local-storage")
        .withNewLocal().withPath("/var/vd/vol0").endLocal()
        .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
        .withKey("kubernetes.io/hostname").withOperator("In").withValues("node02").endMatchExpression()
        .endNodeSelectorTerm().endRequired().endNodeAffinity()
        .withNewClaimRef().withNamespace(NS).withName("centos-disk").endClaimRef()
        .endSpec().build()).create();
    PersistentVolumeClaim pvc = client.persistentVolumeClaims().inNamespace(NS).resource(new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName("centos-disk").endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
        .withStorageClassName("local-storage").withVolumeName("kv-pv0").withNewResources()
        .addToRequests("storage", new Quantity("15Gi")).endResources().endSpec().build()).create();
    // pre-bound both ways: the cluster's binder binds them (writing their status itself would race it)
    client.persistentVolumeClaims().inNamespace(NS).withName("centos-disk").waitUntilCondition(c -> c != null
        && c.getStatus() != null && "Bound".equals(c.getStatus().getPhase()), Waits.SECONDS, TimeUnit.SECONDS);
    assertThat(pv).isNotNull();
    assertThat(pvc).isNotNull();

    GenericKubernetesResource vm = Kube.cirros("stateful", "Always");
    Map<String, Object> volume = Map.of("name", "root", "persistentVolumeClaim", Map.of("claimName", "centos-disk"));
    Map<String, Object> templateSpec = vm.get("spec", "template", "spec");
    templateSpec.put("volumes", List.of(volume));
    Kube.create(client, VMS, NS, vm);

    Kube.awaitStatus(client, NS, "stateful", "Running");
    GenericKubernetesResource vmi = Kube.get(client, VMIS, NS, "stateful");
    assertThat(at(vmi, "status", "nodeName")).isEqualTo("node02");
    assertThat(condition(vmi, "LiveMigratable")).containsEntry("status", "False")
        .containsEntry("reason", "DisksNotLiveMigratable");
  }

  @Test
  void claimOfTheDefaultClass_withNoVolumeToBind_keepsTheVmUnschedulable() {
    createClaim("unbound-disk", null);
    createVmOn("waiting", "unbound-disk");

    Kube.awaitStatus(client, NS, "waiting", "ErrorUnschedulable");

    // the claim got local-storage (WaitForFirstConsumer) by admission: no node has a PV for it
    assertThat((String) condition(Kube.get(client, VMIS, NS, "waiting"), "PodScheduled").get("message"))
        .startsWith("0/3 nodes are available: 1 node(s) had untolerated taint {cmk: }, 2 node(s) didn't find"
            + " available persistent volumes to bind.");
  }

  @Test
  void claimWithoutAClass_notBound_isAnUnboundImmediateClaim() {
    createClaim("classless-disk", "");
    createVmOn("classless", "classless-disk");

    Kube.awaitStatus(client, NS, "classless", "ErrorUnschedulable");

    assertThat((String) condition(Kube.get(client, VMIS, NS, "classless"), "PodScheduled").get("message"))
        .startsWith("0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.");
  }

  private void createClaim(String name, String storageClass) {
    client.persistentVolumeClaims().inNamespace(NS).resource(new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName(name).endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
        .withStorageClassName(storageClass)
        .withNewResources().addToRequests("storage", new Quantity("15Gi")).endResources().endSpec().build()).create();
  }

  private void createVmOn(String vmName, String claim) {
    GenericKubernetesResource vm = Kube.cirros(vmName, "Always");
    Map<String, Object> templateSpec = vm.get("spec", "template", "spec");
    templateSpec.put("volumes", List.of(Map.of("name", "root", "persistentVolumeClaim", Map.of("claimName", claim))));
    Kube.create(client, VMS, NS, vm);
  }

  private static PodCondition scheduledCondition(Pod pod) {
    if (pod == null || pod.getStatus() == null) {
      return null;
    }
    return pod.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst().orElse(null);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> condition(GenericKubernetesResource object, String type) {
    List<Map<String, Object>> conditions = object.get("status", "conditions");
    return conditions.stream().filter(c -> type.equals(c.get("type"))).findFirst().orElseThrow();
  }

  static GenericKubernetesResource sriovVm(String name) {
    return Kube.yaml(String.join("\n",
        "apiVersion: kubevirt.io/v1",
        "kind: VirtualMachine",
        "metadata:",
        "  name: " + name,
        "spec:",
        "  runStrategy: Always",
        "  template:",
        "    spec:",
        "      domain:",
        "        cpu: {cores: 2}",
        "        memory:",
        "          guest: 2Gi",
        "          hugepages: {pageSize: 2Mi}",
        "        devices:",
        "          disks:",
        "          - name: root",
        "            disk: {bus: virtio}",
        "          interfaces:",
        "          - name: default",
        "            masquerade: {}",
        "          - name: sriov-net",
        "            sriov: {}",
        "            macAddress: \"4a:b0:80:d8:a9:b3\"",
        "      networks:",
        "      - name: default",
        "        pod: {}",
        "      - name: sriov-net",
        "        multus: {networkName: sriov-openness-vm}",
        "      volumes:",
        "      - name: root",
        "        containerDisk: {image: kubevirt/debian-sriov}",
        ""));
  }
}
