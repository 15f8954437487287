package dev.edgevm.embedded.cdi;

import static dev.edgevm.embedded.cdi.CdiFixtures.awaitDataVolume;
import static dev.edgevm.embedded.cdi.CdiFixtures.dataVolume;
import static dev.edgevm.embedded.cdi.CdiFixtures.localVolume;
import static dev.edgevm.embedded.cdi.CdiFixtures.phase;
import static dev.edgevm.embedded.cdi.CdiFixtures.upload;
import static dev.edgevm.embedded.cdi.CdiFixtures.uploadToken;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.FaultKind;
import dev.edgevm.embedded.Waits;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runbook's CPU-manager problem (a node taint CDI's upload pod does not tolerate), uploads
 * before the upload pod is ready, and faults injected into the upload proxy.
 */
class UploadPlacementTest {

  private static EmbeddedEdgeCluster cluster;
  private static KubernetesClient client;
  private static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    cluster = EmbeddedEdgeCluster.builder().nodes(3)
        .node("node03", n -> n.taint("cmk", null, "NoSchedule"))
        .uploadProxyReadyWait(Duration.ofMillis(300))
        .start();
    client = cluster.client();
    http = CdiFixtures.trustingClient(cluster);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static Pod awaitPod(String name, java.util.function.Predicate<Pod> condition) {
    return client.pods().inNamespace("default").withName(name)
        .waitUntilCondition(pod -> pod != null && condition.test(pod), Waits.SECONDS, TimeUnit.SECONDS);
  }

  private static boolean unschedulable(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getConditions().stream()
        .anyMatch(c -> "PodScheduled".equals(c.getType()) && "Unschedulable".equals(c.getReason()));
  }

  private static PodCondition scheduled(Pod pod) {
    return pod.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst()
        .orElseThrow();
  }

  @Test
  void cmkTaint_keepsTheUploadPodPending_untilCdisWorkloadPlacementToleratesIt() throws Exception {
    client.persistentVolumes().resource(localVolume("cmk-pv0", "node03", "/var/vd/vol0", "64Mi", "cmk-dv")).create();
    client.persistentVolumes().resource(localVolume("cmk-pv1", "node03", "/var/vd/vol1", "64Mi", "cmk-dv-scratch"))
        .create();
    client.genericKubernetesResources(CdiFixtures.DATA_VOLUMES).inNamespace("default")
        .resource(dataVolume("cmk-dv", "upload", "64Mi")).create();

    Pod pending = awaitPod("cdi-upload-cmk-dv", pod -> unschedulable(pod)
        && scheduled(pod).getMessage().contains("taint"));
    assertThat(scheduled(pending).getMessage()).startsWith("0/3 nodes are available: ")
        .contains("1 node(s) had untolerated taint {cmk: }", "2 node(s) had volume node affinity conflict");
    assertThat(pending.getStatus().getPhase()).isEqualTo("Pending");
    awaitDataVolume(client, "cmk-dv", dv -> "UploadScheduled".equals(phase(dv)));
    HttpResponse<String> early = upload(http, cluster, "/v1beta1/upload-async", "Bearer " + uploadToken(client, "cmk-dv"),
        new byte[64]);
    assertThat(early.statusCode()).isEqualTo(503);
    assertThat(early.body()).isEqualTo("context deadline exceeded");

    // what the SDK's cdi().tolerate(taint) does: pods CDI creates from now on tolerate the taint
    client.genericKubernetesResources(CdiFixtures.CDIS).withName("cdi").edit(cr -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> spec = (Map<String, Object>) cr.getAdditionalProperties().get("spec");
      spec.put("workload", Map.of("tolerations",
          List.of(Map.of("key", "cmk", "operator", "Exists", "effect", "NoSchedule"))));
      return cr;
    });
    client.persistentVolumes().resource(localVolume("cmk-pv2", "node03", "/var/vd/vol2", "64Mi", "cmk-dv2")).create();
    client.persistentVolumes().resource(localVolume("cmk-pv3", "node03", "/var/vd/vol3", "64Mi", "cmk-dv2-scratch"))
        .create();
    client.genericKubernetesResources(CdiFixtures.DATA_VOLUMES).inNamespace("default")
        .resource(dataVolume("cmk-dv2", "upload", "64Mi")).create();

    Pod running = awaitPod("cdi-upload-cmk-dv2", pod -> pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase()));
    assertThat(running.getSpec().getNodeName()).isEqualTo("node03");
    assertThat(running.getSpec().getTolerations()).anyMatch(t -> "cmk".equals(t.getKey()));
    awaitDataVolume(client, "cmk-dv2", dv -> "UploadReady".equals(phase(dv)));
    // CDI does not touch pods it created before; the runbook's workaround edits the pending pod
    assertThat(client.pods().inNamespace("default").withName("cdi-upload-cmk-dv").get().getSpec().getNodeName())
        .isNull();
    client.pods().inNamespace("default").withName("cdi-upload-cmk-dv").edit(pod -> {
      pod.getSpec().getTolerations().add(new io.fabric8.kubernetes.api.model.TolerationBuilder()
          .withKey("cmk").withOperator("Exists").withEffect("NoSchedule").build());
      return pod;
    });
    awaitDataVolume(client, "cmk-dv", dv -> "UploadReady".equals(phase(dv)));
  }

  @Test
  void uploadBeforeTheVolumesExist_is503_thenSucceedsOnceTheyAreThere() throws Exception {
    client.genericKubernetesResources(CdiFixtures.DATA_VOLUMES).inNamespace("default")
        .resource(dataVolume("late-dv", "upload", "64Mi")).create();
    String token = uploadToken(client, "late-dv");
    Pod waiting = awaitPod("cdi-upload-late-dv", pod -> unschedulable(pod)
        && scheduled(pod).getMessage().contains("persistent volumes"));
    assertThat(scheduled(waiting).getMessage()).contains(
        "node(s) didn't find available persistent volumes to bind");

    HttpResponse<String> early = upload(http, cluster, "/v1beta1/upload", "Bearer " + token, new byte[64]);
    assertThat(early.statusCode()).isEqualTo(503);

    String node = "node02";
    client.persistentVolumes().resource(localVolume("late-pv0", node, "/var/vd/vol7", "64Mi", "late-dv")).create();
    client.persistentVolumes().resource(localVolume("late-pv1", node, "/var/vd/vol8", "64Mi", "late-dv-scratch"))
        .create();
    awaitDataVolume(client, "late-dv", dv -> "UploadReady".equals(phase(dv)));
    byte[] image = new byte[100_000];
    new Random(3).nextBytes(image);
    assertThat(upload(http, cluster, "/v1beta1/upload", "Bearer " + token, image).statusCode()).isEqualTo(200);

    awaitDataVolume(client, "late-dv", dv -> "Succeeded".equals(phase(dv)));
    assertThat(Arrays.copyOf(Files.readAllBytes(cluster.nodeRoot(node).resolve("var/vd/vol7/disk.img")),
        image.length)).isEqualTo(image);
  }

  @Test
  void droppedResponse_afterAServedUpload_leavesTheUploadDone_andARetryIsTold() throws Exception {
    client.persistentVolumes().resource(localVolume("r-pv0", "node01", "/var/vd/vol9", "64Mi", "resp-dv")).create();
    client.persistentVolumes().resource(localVolume("r-pv1", "node01", "/var/vd/vol10", "64Mi", "resp-dv-scratch"))
        .create();
    client.genericKubernetesResources(CdiFixtures.DATA_VOLUMES).inNamespace("default")
        .resource(dataVolume("resp-dv", "upload", "64Mi")).create();
    awaitDataVolume(client, "resp-dv", dv -> "UploadReady".equals(phase(dv)));
    String token = uploadToken(client, "resp-dv");
    byte[] image = new byte[200_000];
    new Random(6).nextBytes(image);

    cluster.faults().failNext(1, FaultKind.DROPPED_RESPONSE, r -> r.path().startsWith("/v1beta1/upload"));
    boolean sawError;
    try {
      upload(http, cluster, "/v1beta1/upload", "Bearer " + token, image);
      sawError = false;
    } catch (IOException e) {
      sawError = true;
    }

    assertThat(sawError).isTrue();
    awaitDataVolume(client, "resp-dv", dv -> "Succeeded".equals(phase(dv)));
    HttpResponse<String> retry = upload(http, cluster, "/v1beta1/upload", "Bearer " + token, image);
    assertThat(retry.statusCode()).isIn(409, 503);
  }

  @Test
  void faultsOfTheCluster_applyToTheProxy_includingADropMidUpload() throws Exception {
    client.persistentVolumes().resource(localVolume("f-pv0", "node01", "/var/vd/vol5", "64Mi", "fault-dv")).create();
    client.persistentVolumes().resource(localVolume("f-pv1", "node01", "/var/vd/vol6", "64Mi", "fault-dv-scratch"))
        .create();
    client.genericKubernetesResources(CdiFixtures.DATA_VOLUMES).inNamespace("default")
        .resource(dataVolume("fault-dv", "upload", "64Mi")).create();
    awaitDataVolume(client, "fault-dv", dv -> "UploadReady".equals(phase(dv)));
    String token = uploadToken(client, "fault-dv");
    byte[] image = new byte[3 * 1024 * 1024];
    new Random(5).nextBytes(image);
    long unavailableBefore = cluster.faults().injected(FaultKind.SERVICE_UNAVAILABLE);
    long droppedBefore = cluster.faults().injected(FaultKind.DROPPED_CONNECTION);

    cluster.faults().failNext(1, FaultKind.SERVICE_UNAVAILABLE, r -> r.path().startsWith("/v1beta1/upload"));
    HttpResponse<String> unavailable = upload(http, cluster, "/v1beta1/upload-async", "Bearer " + token, image);
    assertThat(unavailable.statusCode()).isEqualTo(503);
    assertThat(unavailable.headers().firstValue("Retry-After")).contains("1");

    cluster.faults().failNext(1, FaultKind.DROPPED_CONNECTION, r -> r.path().startsWith("/v1beta1/upload"));
    boolean dropped;
    try {
      upload(http, cluster, "/v1beta1/upload-async", "Bearer " + token, image);
      dropped = false;
    } catch (IOException e) {
      dropped = true;
    }
    assertThat(dropped).isTrue();
    assertThat(cluster.faults().injected(FaultKind.SERVICE_UNAVAILABLE) - unavailableBefore).isEqualTo(1);
    assertThat(cluster.faults().injected(FaultKind.DROPPED_CONNECTION) - droppedBefore).isEqualTo(1);
    assertThat(client.persistentVolumeClaims().inNamespace("default").withName("fault-dv").get().getMetadata()
        .getAnnotations()).containsEntry("cdi.kubevirt.io/storage.pod.phase", "Running");

    assertThat(upload(http, cluster, "/v1beta1/upload-async", "Bearer " + token, image).statusCode()).isEqualTo(200);
    GenericKubernetesResource done = awaitDataVolume(client, "fault-dv", dv -> "Succeeded".equals(phase(dv)));
    assertThat(done).isNotNull();
    assertThat(Arrays.copyOf(Files.readAllBytes(cluster.nodeRoot("node01").resolve("var/vd/vol5/disk.img")),
        image.length)).isEqualTo(image);
  }
}
