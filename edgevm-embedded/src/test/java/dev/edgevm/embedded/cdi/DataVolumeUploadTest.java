package dev.edgevm.embedded.cdi;

import static dev.edgevm.embedded.cdi.CdiFixtures.awaitDataVolume;
import static dev.edgevm.embedded.cdi.CdiFixtures.dataVolume;
import static dev.edgevm.embedded.cdi.CdiFixtures.localVolume;
import static dev.edgevm.embedded.cdi.CdiFixtures.phase;
import static dev.edgevm.embedded.cdi.CdiFixtures.upload;
import static dev.edgevm.embedded.cdi.CdiFixtures.uploadToken;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.Waits;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runbook's stateful upload, against the embedded CDI, with plain API calls. */
class DataVolumeUploadTest {

  private static EmbeddedEdgeCluster cluster;
  private static KubernetesClient client;
  private static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    cluster = EmbeddedEdgeCluster.builder().nodes(2).uploadProxyReadyWait(java.time.Duration.ofMillis(500)).start();
    client = cluster.client();
    http = CdiFixtures.trustingClient(cluster);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void upload_withToken_fillsTheVolume_andLeavesTheScratchVolumeReleased() throws Exception {
    client.persistentVolumes().resource(localVolume("kv-pv0", "node02", "/var/vd/vol0", "64Mi", "centos-dv")).create();
    client.persistentVolumes().resource(localVolume("kv-pv1", "node02", "/var/vd/vol1", "64Mi", "centos-dv-scratch"))
        .create();
    client.genericKubernetesResources(CdiFixtures.DATA_VOLUMES).inNamespace("default")
        .resource(dataVolume("centos-dv", "upload", "64Mi")).create();

    awaitDataVolume(client, "centos-dv", dv -> "UploadReady".equals(phase(dv)));
    PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace("default").withName("centos-dv").get();
    assertThat(claim.getMetadata().getAnnotations())
        .containsEntry("cdi.kubevirt.io/storage.pod.phase", "Running")
        .containsEntry("cdi.kubevirt.io/storage.pod.ready", "true")
        .containsEntry("cdi.kubevirt.io/storage.uploadPodName", "cdi-upload-centos-dv");
    assertThat(client.pods().inNamespace("default").withName("cdi-upload-centos-dv").get().getSpec().getNodeName())
        .isEqualTo("node02");

    String token = uploadToken(client, "centos-dv");
    assertThat(upload(http, cluster, "/v1beta1/upload-async", "Bearer not-a-token", new byte[16]).statusCode())
        .isEqualTo(401);
    assertThat(upload(http, cluster, "/v1beta1/upload-async", "Token " + token, new byte[16]).statusCode())
        .isEqualTo(400);
    byte[] image = new byte[5 * 1024 * 1024 + 3];
    new Random(7).nextBytes(image);
    HttpResponse<String> response = upload(http, cluster, "/v1beta1/upload-async", "Bearer " + token, image);
    assertThat(response.statusCode()).isEqualTo(200);

    var succeeded = awaitDataVolume(client, "centos-dv", dv -> "Succeeded".equals(phase(dv)));
    assertThat(((Map<?, ?>) succeeded.getAdditionalProperties().get("status")).get("progress")).isEqualTo("N/A");
    Path disk = cluster.nodeRoot("node02").resolve("var/vd/vol0/disk.img");
    assertThat(Arrays.copyOf(Files.readAllBytes(disk), image.length)).isEqualTo(image);
    PersistentVolume scratch = client.persistentVolumes().withName("kv-pv1").waitUntilCondition(
        pv -> pv.getStatus() != null && "Released".equals(pv.getStatus().getPhase()), Waits.SECONDS, TimeUnit.SECONDS);
    assertThat(scratch.getSpec().getClaimRef().getName()).isEqualTo("centos-dv-scratch");
    assertThat(client.persistentVolumes().withName("kv-pv0").get().getStatus().getPhase()).isEqualTo("Bound");
    client.pods().inNamespace("default").withName("cdi-upload-centos-dv")
        .waitUntilCondition(pod -> pod == null, Waits.SECONDS, TimeUnit.SECONDS);
    assertThat(upload(http, cluster, "/v1beta1/upload-async", "Bearer " + token, image).body())
        .isEqualTo("rejecting Upload Request for PVC centos-dv that already finished uploading");
    assertThat(awaitEvent("centos-dv", "UploadSucceeded").getMessage()).isEqualTo("Successfully uploaded into centos-dv");
    assertThat(awaitEvent("centos-dv", "UploadReady").getMessage()).isEqualTo("Upload into centos-dv ready");
  }

  @Test
  void tokenOfAnotherCluster_isRejectedLikeAForgedOne_evenForAClaimOfTheSameName() throws Exception {
    CdiFixtures.uploadReady(client, "twin-dv", "node01", "/var/vd/twin", null);

    String foreign;
    try (EmbeddedEdgeCluster other = EmbeddedEdgeCluster.builder().start()) {
      foreign = uploadToken(other.client(), "twin-dv");
    }
    HttpResponse<String> response = upload(http, cluster, "/v1beta1/upload-async", "Bearer " + foreign, new byte[16]);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).isEmpty();
    assertThat(upload(http, cluster, "/v1beta1/upload-async", "Bearer " + uploadToken(client, "twin-dv"),
        new byte[16]).statusCode()).isEqualTo(200);
  }

  /** The event with that reason about the object, waiting on a watch for it to be recorded. */
  private static Event awaitEvent(String object, String reason) throws InterruptedException {
    CountDownLatch seen = new CountDownLatch(1);
    Event[] found = new Event[1];
    java.util.function.Predicate<Event> matches = event -> object.equals(event.getInvolvedObject().getName())
        && reason.equals(event.getReason());
    try (Watch watch = client.v1().events().inNamespace("default").watch(new Watcher<Event>() {
      @Override
      public void eventReceived(Action action, Event event) {
        if (matches.test(event)) {
          found[0] = event;
          seen.countDown();
        }
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    })) {
      client.v1().events().inNamespace("default").list().getItems().stream().filter(matches).findFirst()
          .ifPresent(event -> {
            found[0] = event;
            seen.countDown();
          });
      assertThat(seen.await(Waits.SECONDS, TimeUnit.SECONDS)).as("event " + reason + " about " + object).isTrue();
    }
    return found[0];
  }
}
