package dev.edgevm.embedded.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.Kube;
import dev.edgevm.embedded.Waits;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The PV binder of the runbook's local-storage class, through the API. */
class PersistentVolumeBindingTest {

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

  static PersistentVolume localVolume(String name, String node, String path, String size, String claim) {
    return Kube.localVolume(name, node, path, size, claim);
  }

  static PersistentVolumeClaim claim(String name, String size) {
    return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
        .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName("local-storage")
        .withNewResources().addToRequests("storage", new Quantity(size)).endResources().endSpec()
        .build();
  }

  private static PersistentVolume awaitVolume(String name, Predicate<PersistentVolume> condition) {
    return client.persistentVolumes().withName(name).waitUntilCondition(pv -> pv != null && pv.getStatus() != null && condition.test(pv),
        Waits.SECONDS, TimeUnit.SECONDS);
  }

  private static PersistentVolumeClaim awaitClaim(String name, Predicate<PersistentVolumeClaim> condition) {
    return client.persistentVolumeClaims().inNamespace("default").withName(name)
        .waitUntilCondition(pvc -> pvc != null && pvc.getStatus() != null && condition.test(pvc), Waits.SECONDS, TimeUnit.SECONDS);
  }

  private static boolean phase(PersistentVolume pv, String phase) {
    return pv.getStatus() != null && phase.equals(pv.getStatus().getPhase());
  }

  @Test
  void preBoundVolume_bindsItsClaim_despiteWaitForFirstConsumer_andCreatesTheDirectory() {
    client.persistentVolumes().resource(localVolume("kv-pv0", "node02", "/var/vd/vol0", "15Gi", "centos-dv")).create();
    client.persistentVolumes().resource(localVolume("decoy", "node01", "/var/vd/vol9", "15Gi", null)).create();
    awaitVolume("kv-pv0", pv -> phase(pv, "Available"));

    client.persistentVolumeClaims().resource(claim("centos-dv", "15Gi")).create();

    PersistentVolumeClaim bound = awaitClaim("centos-dv", pvc -> "Bound".equals(pvc.getStatus().getPhase()));
    assertThat(bound.getSpec().getVolumeName()).isEqualTo("kv-pv0");
    assertThat(bound.getStatus().getCapacity().get("storage")).isEqualTo(new Quantity("15Gi"));
    PersistentVolume pv = awaitVolume("kv-pv0", v -> phase(v, "Bound"));
    assertThat(pv.getSpec().getClaimRef().getUid()).isEqualTo(bound.getMetadata().getUid());
    assertThat(Files.isDirectory(cluster.nodeRoot("node02").resolve("var/vd/vol0"))).isTrue();
    assertThat(client.persistentVolumes().withName("decoy").get().getStatus().getPhase()).isEqualTo("Available");
  }

  @Test
  void deletedClaim_releasesARetainedVolume_andClearingClaimRefMakesItAvailable() {
    client.persistentVolumes().resource(localVolume("kv-pv1", "node01", "/var/vd/vol1", "1Gi", "scratch")).create();
    client.persistentVolumeClaims().resource(claim("scratch", "1Gi")).create();
    awaitVolume("kv-pv1", v -> phase(v, "Bound"));

    client.persistentVolumeClaims().inNamespace("default").withName("scratch").delete();

    PersistentVolume released = awaitVolume("kv-pv1", v -> phase(v, "Released"));
    assertThat(released.getSpec().getClaimRef().getName()).isEqualTo("scratch");
    client.persistentVolumes().withName("kv-pv1").edit(v -> new PersistentVolumeBuilder(v).editSpec()
        .withClaimRef(null).endSpec().build());
    awaitVolume("kv-pv1", v -> phase(v, "Available"));
  }

  /** No deleter exists for local volumes: under the Delete policy a released one is Failed, not deleted. */
  @Test
  void deletedClaim_leavesALocalVolumeUnderTheDeletePolicy_failed_withThePvControllersMessage() throws Exception {
    client.persistentVolumes().resource(new PersistentVolumeBuilder(localVolume("kv-del", "node01", "/var/vd/vol5", "1Gi",
        "doomed")).editSpec().withPersistentVolumeReclaimPolicy("Delete").endSpec().build()).create();
    client.persistentVolumeClaims().resource(claim("doomed", "1Gi")).create();
    awaitVolume("kv-del", v -> phase(v, "Bound"));
    Files.writeString(cluster.nodeRoot("node01").resolve("var/vd/vol5/disk.img"), "data");

    client.persistentVolumeClaims().inNamespace("default").withName("doomed").delete();

    PersistentVolume failed = awaitVolume("kv-del", v -> phase(v, "Failed"));
    assertThat(failed.getStatus().getMessage())
        .isEqualTo("error getting deleter volume plugin for volume \"kv-del\": no deletable volume plugin matched");
    assertThat(failed.getSpec().getClaimRef().getName()).isEqualTo("doomed");
    assertThat(cluster.nodeRoot("node01").resolve("var/vd/vol5/disk.img")).hasContent("data");
    var warning = Kube.awaitEvent(client, "default", e -> "VolumeFailedDelete".equals(e.getReason())
        && "kv-del".equals(e.getInvolvedObject().getName()));
    assertThat(warning.getInvolvedObject().getKind()).isEqualTo("PersistentVolume");
    assertThat(warning.getType()).isEqualTo("Warning");
    assertThat(warning.getMessage()).isEqualTo(failed.getStatus().getMessage());
  }

  @Test
  void deletedClaim_leavesAHostPathVolumeOutsideTmp_failed_andDeletesOneUnderTmp() {
    for (String[] volume : new String[][] {{"hp-var", "/var/vd/vol6", "hp-var-claim"}, {"hp-tmp", "/tmp/vd/vol7", "hp-tmp-claim"}}) {
      client.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName(volume[0]).endMetadata()
          .withNewSpec().addToCapacity("storage", new Quantity("1Gi")).withAccessModes("ReadWriteOnce")
          .withStorageClassName("").withPersistentVolumeReclaimPolicy("Delete").withNewHostPath().withPath(volume[1]).endHostPath()
          .withNewClaimRef().withNamespace("default").withName(volume[2]).endClaimRef().endSpec().build()).create();
      client.persistentVolumeClaims().resource(new PersistentVolumeClaimBuilder(claim(volume[2], "1Gi")).editSpec()
          .withStorageClassName("").endSpec().build()).create();
      awaitVolume(volume[0], v -> phase(v, "Bound"));
      client.persistentVolumeClaims().inNamespace("default").withName(volume[2]).delete();
    }

    PersistentVolume failed = awaitVolume("hp-var", v -> phase(v, "Failed"));
    assertThat(failed.getStatus().getMessage()).isEqualTo("host_path deleter only supports /tmp/.+ but received provided /var/vd/vol6");
    client.persistentVolumes().withName("hp-tmp").waitUntilCondition(pv -> pv == null, Waits.SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void claimTooLargeForItsPreBoundVolume_staysPending() {
    client.persistentVolumes().resource(localVolume("small", "node01", "/var/vd/vol2", "1Gi", "big")).create();
    client.persistentVolumeClaims().resource(claim("big", "2Gi")).create();
    awaitVolume("small", v -> phase(v, "Available"));

    assertThat(client.persistentVolumeClaims().inNamespace("default").withName("big").get().getSpec().getVolumeName())
        .isNull();
  }

  @Test
  void unboundClaim_waitsForItsFirstConsumer_thenTakesTheSmallestFitOnThatNode() {
    client.persistentVolumes().resource(localVolume("n1-big", "node01", "/var/vd/vol3", "20Gi", null)).create();
    client.persistentVolumes().resource(localVolume("n2-fit", "node02", "/var/vd/vol4", "5Gi", null)).create();
    client.persistentVolumes().resource(localVolume("n2-big", "node02", "/var/vd/vol5", "20Gi", null)).create();
    client.persistentVolumeClaims().resource(claim("data", "4Gi")).create();
    awaitVolume("n2-fit", v -> phase(v, "Available"));
    assertThat(client.persistentVolumeClaims().inNamespace("default").withName("data").get().getStatus().getPhase())
        .isNotEqualTo("Bound");

    Pod consumer = new PodBuilder().withNewMetadata().withName("consumer").withNamespace("default").endMetadata()
        .withNewSpec().withNodeName("node02").addNewContainer().withName("c").withImage("busybox").endContainer()
        .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("data")
        .endPersistentVolumeClaim().endVolume().endSpec().build();
    client.pods().resource(consumer).create();

    PersistentVolumeClaim bound = awaitClaim("data", pvc -> "Bound".equals(pvc.getStatus().getPhase()));
    assertThat(bound.getSpec().getVolumeName()).isEqualTo("n2-fit");
  }

  @Test
  void claimInUseByAPod_isProtectedFromDeletion_untilThePodGoes() {
    client.persistentVolumes().resource(localVolume("kv-pv6", "node01", "/var/vd/vol6", "1Gi", "used")).create();
    client.persistentVolumeClaims().resource(claim("used", "1Gi")).create();
    // Bound first: a claim deleted before it was bound leaves its pre-bound volume Available, not Released.
    awaitClaim("used", pvc -> pvc.getMetadata().getFinalizers().contains("kubernetes.io/pvc-protection")
        && pvc.getStatus() != null && "Bound".equals(pvc.getStatus().getPhase()));
    Pod user = new PodBuilder().withNewMetadata().withName("user").withNamespace("default").endMetadata()
        .withNewSpec().withNodeName("node01").addNewContainer().withName("c").withImage("busybox").endContainer()
        .addNewVolume().withName("d").withNewPersistentVolumeClaim().withClaimName("used")
        .endPersistentVolumeClaim().endVolume().endSpec().build();
    client.pods().resource(user).create();

    client.persistentVolumeClaims().inNamespace("default").withName("used").delete();
    assertThat(client.persistentVolumeClaims().inNamespace("default").withName("used").get().getMetadata()
        .getDeletionTimestamp()).isNotNull();

    client.pods().inNamespace("default").withName("user").withGracePeriod(0).delete();
    client.persistentVolumeClaims().inNamespace("default").withName("used").waitUntilCondition(pvc -> pvc == null,
        Waits.SECONDS, TimeUnit.SECONDS);
    awaitVolume("kv-pv6", v -> phase(v, "Released"));
  }

  @Test
  void claimNamingNoClass_getsTheDefaultClass_butAnExplicitEmptyClassStaysEmpty() {
    PersistentVolumeClaim unnamed = claim("no-class", "1Gi");
    unnamed.getSpec().setStorageClassName(null);
    PersistentVolumeClaim empty = claim("empty-class", "1Gi");
    empty.getSpec().setStorageClassName("");

    assertThat(client.resource(unnamed).create().getSpec().getStorageClassName()).isEqualTo("local-storage");
    assertThat(client.resource(empty).create().getSpec().getStorageClassName()).isEmpty();
    assertThat(client.persistentVolumeClaims().inNamespace("default").withName("no-class").get().getSpec()
        .getStorageClassName()).isEqualTo("local-storage");
  }
}
