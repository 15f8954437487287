package dev.edgevm.embedded.cdi;

import static dev.edgevm.embedded.cdi.CdiFixtures.awaitDataVolume;
import static dev.edgevm.embedded.cdi.CdiFixtures.localVolume;
import static dev.edgevm.embedded.cdi.CdiFixtures.phase;
import static dev.edgevm.embedded.cdi.CdiFixtures.upload;
import static dev.edgevm.embedded.cdi.CdiFixtures.uploadToken;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.Kube;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When several printable statuses hold at once, the first in virt-controller's order wins:
 * Provisioning before WaitingForVolumeBinding, ErrorUnschedulable before both.
 */
class PrintableStatusOrderTest {

  private EmbeddedEdgeCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    cluster = EmbeddedEdgeCluster.builder().nodes(1).start();
    client = cluster.client();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void provisioning_thenUnschedulable_winOverWaitingForVolumeBinding() throws Exception {
    client.persistentVolumes().resource(localVolume("root-pv", "node01", "/var/vd/vol0", "64Mi", "root-dv")).create();
    client.persistentVolumes().resource(localVolume("scratch-pv", "node01", "/var/vd/vol1", "64Mi", "root-dv-scratch"))
        .create();
    // a claim of the default (WaitForFirstConsumer) class that no volume can satisfy: it stays unbound
    client.persistentVolumeClaims().inNamespace("default").resource(new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName("data").endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
        .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build()).create();
    Kube.create(client, Kube.VMS, "default", Kube.yaml(String.join("\n",
        "apiVersion: kubevirt.io/v1",
        "kind: VirtualMachine",
        "metadata: {name: ordered}",
        "spec:",
        "  runStrategy: Always",
        "  dataVolumeTemplates:",
        "  - metadata: {name: root-dv}",
        "    spec:",
        "      source: {upload: {}}",
        "      pvc: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 64Mi}}, storageClassName: local-storage}",
        "  template:",
        "    spec:",
        "      domain:",
        "        memory: {guest: 1Gi}",
        "        devices: {disks: [{name: root, disk: {bus: virtio}}, {name: data, disk: {bus: virtio}}]}",
        "      volumes:",
        "      - {name: root, dataVolume: {name: root-dv}}",
        "      - {name: data, persistentVolumeClaim: {claimName: data}}")));

    awaitDataVolume(client, "root-dv", dv -> "UploadReady".equals(phase(dv)));
    Kube.awaitStatus(client, "default", "ordered", "Provisioning");
    assertThat(claimPhase("data")).as("WaitingForVolumeBinding holds too").isEqualTo("Pending");

    assertThat(upload(CdiFixtures.trustingClient(cluster), cluster, "/v1beta1/upload",
        "Bearer " + uploadToken(client, "root-dv"), new byte[1024 * 1024]).statusCode()).isEqualTo(200);
    awaitDataVolume(client, "root-dv", dv -> "Succeeded".equals(phase(dv)));

    Kube.awaitStatus(client, "default", "ordered", "ErrorUnschedulable");
    assertThat(claimPhase("data")).as("WaitingForVolumeBinding holds too").isEqualTo("Pending");
  }

  private String claimPhase(String name) {
    return client.persistentVolumeClaims().inNamespace("default").withName(name).get().getStatus().getPhase();
  }
}
