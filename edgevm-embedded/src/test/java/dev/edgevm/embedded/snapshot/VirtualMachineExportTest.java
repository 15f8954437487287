package dev.edgevm.embedded.snapshot;

import static dev.edgevm.embedded.Kube.at;
import static dev.edgevm.embedded.snapshot.SnapshotFixtures.EXPORTS;
import static dev.edgevm.embedded.snapshot.SnapshotFixtures.SNAPSHOTS;
import static dev.edgevm.embedded.snapshot.SnapshotFixtures.await;
import static dev.edgevm.embedded.snapshot.SnapshotFixtures.claim;
import static dev.edgevm.embedded.snapshot.SnapshotFixtures.volumeDirectory;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.Kube;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Downloading a snapshot's disk through a VirtualMachineExport, verified against the link's CA. */
class VirtualMachineExportTest {

  private static EmbeddedEdgeCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = EmbeddedEdgeCluster.builder().nodes(1).start();
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static GenericKubernetesResource export(String name, String kind, String apiGroup, String source) {
    return Kube.yaml(String.join("\n",
        "apiVersion: export.kubevirt.io/v1",
        "kind: VirtualMachineExport",
        "metadata:",
        "  name: " + name,
        "spec:",
        "  source: {apiGroup: " + apiGroup + ", kind: " + kind + ", name: " + source + "}",
        ""));
  }

  /** An HTTP client trusting only the certificate the export link carries. */
  private static HttpClient trusting(String pem) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    int i = 0;
    for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(
        new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
      trust.setCertificateEntry("ca" + i++, certificate);
    }
    TrustManagerFactory managers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    managers.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, managers.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(tls).build();
  }

  @Test
  void snapshotExport_servesTheSnapshotsDisk_rawAndGzip_toTheTokenHolderOnly() throws Exception {
    claim(client, "exp-disk", "edge-csi", "64Mi");
    byte[] data = new byte[2 * 1024 * 1024];
    new Random(9).nextBytes(data);
    Files.write(volumeDirectory(cluster, "exp-disk").resolve("disk.img"), data);
    Kube.create(client, Kube.VMS, "default", SnapshotFixtures.vm("exp-vm", "exp-disk", "Halted"));
    Kube.create(client, SNAPSHOTS, "default", SnapshotFixtures.snapshot("exp-snap", "exp-vm"));
    await(client, SNAPSHOTS, "exp-snap", s -> Boolean.TRUE.equals(at(s, "status", "readyToUse")));
    Files.write(volumeDirectory(cluster, "exp-disk").resolve("disk.img"), new byte[16]);

    Kube.create(client, EXPORTS, "default", export("exp", "VirtualMachineSnapshot", "snapshot.kubevirt.io",
        "exp-snap"));
    GenericKubernetesResource ready = await(client, EXPORTS, "exp", e -> "Ready".equals(at(e, "status", "phase")));

    assertThat(at(ready, "status", "virtualMachineName")).isEqualTo("exp-vm");
    assertThat(at(ready, "status", "serviceName")).isEqualTo("virt-export-exp");
    assertThat(at(ready, "status", "links", "external", "volumes", 0, "name")).isEqualTo("exp-disk");
    @SuppressWarnings("unchecked")
    List<Map<String, String>> formats = (List<Map<String, String>>) at(ready, "status", "links", "external",
        "volumes", 0, "formats");
    String rawUrl = formats.stream().filter(f -> "raw".equals(f.get("format"))).findFirst().orElseThrow().get("url");
    String gzipUrl = formats.stream().filter(f -> "gzip".equals(f.get("format"))).findFirst().orElseThrow().get("url");
    assertThat(rawUrl).endsWith("/virtualmachineexports/exp/volumes/exp-exp-disk/disk.img");
    Secret secret = client.secrets().inNamespace("default")
        .withName((String) at(ready, "status", "tokenSecretRef")).get();
    String token = new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.US_ASCII);
    HttpClient http = trusting((String) at(ready, "status", "links", "external", "cert"));

    HttpResponse<byte[]> raw = http.send(HttpRequest.newBuilder(URI.create(rawUrl))
        .header("x-kubevirt-export-token", token).build(), HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> gz = http.send(HttpRequest.newBuilder(URI.create(gzipUrl + "?x-kubevirt-export-token=" + token))
        .build(), HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> range = http.send(HttpRequest.newBuilder(URI.create(rawUrl))
        .header("x-kubevirt-export-token", token).header("Range", "bytes=10-19").build(),
        HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> wrong = http.send(HttpRequest.newBuilder(URI.create(rawUrl))
        .header("x-kubevirt-export-token", "not-the-token").build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(java.util.Arrays.copyOf(raw.body(), data.length)).isEqualTo(data);
    assertThat(gz.statusCode()).isEqualTo(200);
    assertThat(java.util.Arrays.copyOf(new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes(),
        data.length)).isEqualTo(data);
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(data, 10, 20));
    assertThat(wrong.statusCode()).isEqualTo(401);
  }

  @Test
  void exportOfAClaimARunningVmUses_waits_withReasonInUse() {
    claim(client, "busy-exp-disk", "edge-csi", "64Mi");
    Kube.create(client, Kube.VMS, "default", SnapshotFixtures.vm("busy-exp-vm", "busy-exp-disk", "Always"));
    Kube.awaitStatus(client, "default", "busy-exp-vm", "Running");

    Kube.create(client, EXPORTS, "default", export("busy", "PersistentVolumeClaim", "\"\"", "busy-exp-disk"));

    GenericKubernetesResource pending = await(client, EXPORTS, "busy", e -> at(e, "status", "conditions") != null);
    assertThat(at(pending, "status", "phase")).isEqualTo("Pending");
    assertThat(at(pending, "status", "conditions", 0, "reason")).isEqualTo("InUse");
    assertThat(at(pending, "status", "conditions", 0, "message"))
        .isEqualTo("PersistentVolumeClaim default/busy-exp-disk is in use");
  }
}
