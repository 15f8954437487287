package dev.edgevm.embedded.snapshot;

import static dev.edgevm.embedded.Kube.at;
import static dev.edgevm.embedded.snapshot.SnapshotFixtures.CONTENTS;
import static dev.edgevm.embedded.snapshot.SnapshotFixtures.SNAPSHOTS;
import static dev.edgevm.embedded.snapshot.SnapshotFixtures.await;
import static dev.edgevm.embedded.snapshot.SnapshotFixtures.claim;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.Kube;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A CSI driver that refuses snapshots (the edge-csi driver given the VolumeSnapshotClass parameter
 * {@code csi.edgevm.dev/fail-with}): the VolumeSnapshot's error reaches the VirtualMachineSnapshot,
 * which fails at its {@code failureDeadline} as KubeVirt's controller decides it.
 */
@SuppressWarnings("unchecked")
class FailingSnapshotTest {

  private static final String REFUSAL = "snapshot quota exceeded";

  private EmbeddedEdgeCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    cluster = EmbeddedEdgeCluster.builder().start();
    client = cluster.client();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private void driverRefuses(boolean refuses) {
    client.genericKubernetesResources("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass").withName("edge-csi-snapclass")
        .edit(vsc -> {
          Map<String, Object> parameters = new HashMap<>();
          if (refuses) {
            parameters.put("csi.edgevm.dev/fail-with", REFUSAL);
          }
          vsc.setAdditionalProperty("parameters", parameters);
          return vsc;
        });
  }

  /** A stopped VM on an edge-csi claim; returns the claim's volume handle. */
  private String stoppedVm(String vm) {
    PersistentVolumeClaim pvc = claim(client, vm + "-disk", "edge-csi", "64Mi");
    Kube.create(client, Kube.VMS, "default", SnapshotFixtures.vm(vm, vm + "-disk", "Halted"));
    Kube.awaitStatus(client, "default", vm, "Stopped");
    return client.persistentVolumes().withName(pvc.getSpec().getVolumeName()).get().getSpec().getCsi().getVolumeHandle();
  }

  private static GenericKubernetesResource snapshot(String name, String vm, String failureDeadline) {
    GenericKubernetesResource snapshot = SnapshotFixtures.snapshot(name, vm);
    if (failureDeadline != null) {
      ((Map<String, Object>) snapshot.getAdditionalProperties().get("spec")).put("failureDeadline", failureDeadline);
    }
    return snapshot;
  }

  private static Map<String, Object> condition(GenericKubernetesResource snapshot, String type) {
    return ((List<Map<String, Object>>) at(snapshot, "status", "conditions")).stream()
        .filter(c -> type.equals(c.get("type"))).findFirst().orElseThrow();
  }

  @Test
  void aSnapshotTheDriverRefuses_showsTheSidecarsError_thenFailsAtItsDeadline_andKeepsNoContent() {
    String handle = stoppedVm("refused-vm");
    driverRefuses(true);

    Kube.create(client, SNAPSHOTS, "default", snapshot("refused", "refused-vm", "8s"));

    GenericKubernetesResource erring = await(client, SNAPSHOTS, "refused", s -> at(s, "status", "error", "message") != null);
    String volumeSnapshot = "vmsnapshot-" + erring.getMetadata().getUid() + "-volume-rootdisk";
    assertThat(at(erring, "status", "error", "message")).isEqualTo("VolumeSnapshot " + volumeSnapshot + " error:"
        + " Failed to check and update snapshot content: failed to take snapshot of the volume " + handle
        + ": \"rpc error: code = Internal desc = " + REFUSAL + "\"");
    assertThat(condition(erring, "Progressing")).containsEntry("status", "False").containsEntry("reason", "In error state");
    assertThat(condition(erring, "Ready")).containsEntry("status", "False").containsEntry("reason", "Not ready");
    String contentName = (String) at(erring, "status", "virtualMachineSnapshotContentName");
    assertThat(Kube.get(client, CONTENTS, "default", contentName)).isNotNull();

    GenericKubernetesResource failed = await(client, SNAPSHOTS, "refused", s -> "Failed".equals(at(s, "status", "phase")));

    assertThat(condition(failed, "Failure")).containsEntry("status", "True")
        .containsEntry("reason", "snapshot deadline exceeded");
    assertThat(at(failed, "status", "readyToUse")).isEqualTo(false);
    assertThat(at(failed, "status", "error", "message")).asString().contains(REFUSAL);
    Kube.await(client, CONTENTS, "default", contentName, content -> content == null);
    Kube.await(client, Kube.VMS, "default", "refused-vm", vm -> vm.get("status", "snapshotInProgress") == null);
  }

  @Test
  void aRefusalThatEndsBeforeTheDeadline_isRetried_andTheSnapshotSucceeds() {
    stoppedVm("retried-vm");
    driverRefuses(true);
    Kube.create(client, SNAPSHOTS, "default", snapshot("retried", "retried-vm", null));
    await(client, SNAPSHOTS, "retried", s -> at(s, "status", "error", "message") != null);

    driverRefuses(false);

    GenericKubernetesResource done = await(client, SNAPSHOTS, "retried", s -> Boolean.TRUE.equals(at(s, "status", "readyToUse")));
    assertThat(at(done, "status", "phase")).isEqualTo("Succeeded");
    assertThat(at(done, "status", "error")).isNull();
  }
}
