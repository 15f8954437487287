package dev.edgevm.embedded.snapshot;

import static dev.edgevm.embedded.Kube.at;
import static dev.edgevm.embedded.snapshot.SnapshotFixtures.CONTENTS;
import static dev.edgevm.embedded.snapshot.SnapshotFixtures.RESTORES;
import static dev.edgevm.embedded.snapshot.SnapshotFixtures.SNAPSHOTS;
import static dev.edgevm.embedded.snapshot.SnapshotFixtures.await;
import static dev.edgevm.embedded.snapshot.SnapshotFixtures.claim;
import static dev.edgevm.embedded.snapshot.SnapshotFixtures.volumeDirectory;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.Kube;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** KubeVirt's VM snapshots and restores on the CSI-like class, with plain fabric8 calls. */
@SuppressWarnings("unchecked")
class VirtualMachineSnapshotTest {

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

  @Test
  void snapshotAndRestore_onCsiStorage_bringTheOriginalBytesBack() throws Exception {
    claim(client, "csi-disk", "edge-csi", "64Mi");
    Path disk = volumeDirectory(cluster, "csi-disk").resolve("disk.img");
    Files.writeString(disk, "original bytes", StandardCharsets.US_ASCII);
    Kube.create(client, Kube.VMS, "default", SnapshotFixtures.vm("csi-vm", "csi-disk", "Halted"));
    Kube.awaitStatus(client, "default", "csi-vm", "Stopped");

    Kube.create(client, SNAPSHOTS, "default", SnapshotFixtures.snapshot("before-upgrade", "csi-vm"));
    GenericKubernetesResource snapshot = await(client, SNAPSHOTS, "before-upgrade",
        s -> Boolean.TRUE.equals(at(s, "status", "readyToUse")));

    assertThat(at(snapshot, "status", "phase")).isEqualTo("Succeeded");
    assertThat(at(snapshot, "status", "creationTime")).isNotNull();
    assertThat(at(snapshot, "status", "snapshotVolumes", "includedVolumes")).isEqualTo(List.of("rootdisk"));
    assertThat(at(snapshot, "status", "snapshotVolumes", "excludedVolumes")).isEqualTo(List.of("cloudinitdisk"));
    assertThat(at(snapshot, "status", "indications")).isNull();
    String contentName = (String) at(snapshot, "status", "virtualMachineSnapshotContentName");
    assertThat(contentName).isEqualTo("vmsnapshot-content-" + snapshot.getMetadata().getUid());
    assertThat(at(Kube.get(client, CONTENTS, "default", contentName), "status", "readyToUse")).isEqualTo(true);
    // as in KubeVirt, the VM is unlocked once the snapshot reads Succeeded, by a write of its own
    Kube.await(client, Kube.VMS, "default", "csi-vm", vm -> vm != null && vm.get("status", "snapshotInProgress") == null);

    Files.writeString(disk, "changed bytes!", StandardCharsets.US_ASCII);
    Kube.create(client, RESTORES, "default", SnapshotFixtures.restore("rollback", "csi-vm", "before-upgrade", null));
    GenericKubernetesResource restore = await(client, RESTORES, "rollback",
        r -> Boolean.TRUE.equals(at(r, "status", "complete")));

    String restoredClaim = "restore-" + restore.getMetadata().getUid() + "-rootdisk";
    assertThat(at(restore, "status", "restores", 0, "persistentVolumeClaim")).isEqualTo(restoredClaim);
    GenericKubernetesResource vm = Kube.get(client, Kube.VMS, "default", "csi-vm");
    assertThat(at(vm, "spec", "template", "spec", "volumes", 0, "persistentVolumeClaim", "claimName"))
        .isEqualTo(restoredClaim);
    assertThat(Files.readString(volumeDirectory(cluster, restoredClaim).resolve("disk.img")))
        .isEqualTo("original bytes");
  }

  @Test
  void vmOnLocalStorage_getsAPartialSnapshot_andSaysWhyItsVolumeIsLeftOut() {
    client.persistentVolumes().resource(dev.edgevm.embedded.cdi.CdiTestVolumes.local("local-pv", "node01",
        "/var/vd/vol0", "64Mi", "local-disk")).create();
    claim(client, "local-disk", "local-storage", "64Mi");
    Kube.create(client, Kube.VMS, "default", SnapshotFixtures.vm("local-vm", "local-disk", "Halted"));

    GenericKubernetesResource vm = Kube.await(client, Kube.VMS, "default", "local-vm",
        r -> r != null && at(r, "status", "volumeSnapshotStatuses") != null);
    assertThat((List<Object>) at(vm, "status", "volumeSnapshotStatuses")).contains(
        Map.of("name", "rootdisk", "enabled", false, "reason", "No VolumeSnapshotClass: Volume snapshots are not"
            + " configured for this StorageClass [local-storage] [rootdisk]"),
        Map.of("name", "cloudinitdisk", "enabled", false,
            "reason", "Snapshot is not supported for this volumeSource type [cloudinitdisk]"));

    Kube.create(client, SNAPSHOTS, "default", SnapshotFixtures.snapshot("local-snap", "local-vm"));
    GenericKubernetesResource snapshot = await(client, SNAPSHOTS, "local-snap",
        s -> "Succeeded".equals(at(s, "status", "phase")));
    assertThat(at(snapshot, "status", "snapshotVolumes", "excludedVolumes")).isEqualTo(
        List.of("rootdisk", "cloudinitdisk"));
    assertThat(at(snapshot, "status", "indications")).isEqualTo(List.of("Partial"));
  }

  @Test
  void restoreOfARunningVm_withFailImmediate_fails_becauseTheVmMustBeStopped() {
    claim(client, "busy-disk", "edge-csi", "64Mi");
    Kube.create(client, Kube.VMS, "default", SnapshotFixtures.vm("busy-vm", "busy-disk", "Always"));
    Kube.awaitStatus(client, "default", "busy-vm", "Running");
    Kube.create(client, SNAPSHOTS, "default", SnapshotFixtures.snapshot("busy-snap", "busy-vm"));
    GenericKubernetesResource snapshot = await(client, SNAPSHOTS, "busy-snap",
        s -> Boolean.TRUE.equals(at(s, "status", "readyToUse")));
    assertThat((List<Object>) at(snapshot, "status", "indications")).contains("Online", "NoGuestAgent");

    Kube.create(client, RESTORES, "default",
        SnapshotFixtures.restore("too-soon", "busy-vm", "busy-snap", "FailImmediate"));

    GenericKubernetesResource restore = await(client, RESTORES, "too-soon",
        r -> at(r, "status", "conditions") != null && ((List<?>) at(r, "status", "conditions")).stream()
            .anyMatch(c -> "Failure".equals(((Map<?, ?>) c).get("type"))));
    assertThat(((List<?>) at(restore, "status", "conditions"))).anyMatch(c ->
        "Failure".equals(((Map<?, ?>) c).get("type"))
            && "Restore target VMI must be powered off before restore operation".equals(((Map<?, ?>) c).get("reason")));
    assertThat(at(restore, "status", "complete")).isEqualTo(false);
  }
}
