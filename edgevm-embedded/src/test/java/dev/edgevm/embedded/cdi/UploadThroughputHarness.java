package dev.edgevm.embedded.cdi;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Not a test: uploads one file several times through an embedded cluster's CDI upload proxy, with
 * {@code curl -T file -X POST} and with the JDK's HTTP client, and prints the throughput of each
 * and the heap in use. Usage: {@code java ... UploadThroughputHarness <file> [rounds] [curl,java]}.
 */
public final class UploadThroughputHarness {

  private UploadThroughputHarness() {
  }

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    List<String> uploaders = List.of((args.length > 2 ? args[2] : "curl,java").split(","));
    long size = Files.size(file);
    String capacity = ((size >> 20) + 256) + "Mi";
    try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(1).start()) {
      KubernetesClient client = cluster.client();
      Path ca = Files.createTempFile("edgevm-ca", ".crt");
      Files.writeString(ca, cluster.certificateAuthorityPem());
      HttpClient java = CdiFixtures.trustingClient(cluster);
      for (int round = 1; round <= rounds; round++) {
        for (String uploader : uploaders) {
          String dv = uploader + "-" + round;
          client.persistentVolumes().resource(CdiFixtures.localVolume(dv + "-pv", "node01", "/var/vd/" + dv,
              capacity, dv)).create();
          client.persistentVolumes().resource(CdiFixtures.localVolume(dv + "-scratch-pv", "node01",
              "/var/vd/" + dv + "-scratch", capacity, dv + "-scratch")).create();
          client.genericKubernetesResources(CdiFixtures.DATA_VOLUMES).inNamespace("default")
              .resource(CdiFixtures.dataVolume(dv, "upload", capacity)).create();
          CdiFixtures.awaitDataVolume(client, dv, d -> "UploadReady".equals(CdiFixtures.phase(d)));
          String token = CdiFixtures.uploadToken(client, dv);
          String url = cluster.uploadProxyUrl() + "/v1beta1/upload";
          long start = System.nanoTime();
          int status;
          if (uploader.equals("curl")) {
            Process curl = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert",
                ca.toString(), "-H", "Authorization: Bearer " + token, "-T", file.toString(), "-X", "POST", url)
                .start();
            status = Integer.parseInt(new String(curl.getInputStream().readAllBytes()).trim());
            curl.waitFor();
          } else {
            status = java.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
          }
          double seconds = (System.nanoTime() - start) / 1e9;
          System.out.printf("round %d %-4s HTTP %d  %6.2f s  %5.0f MB/s  heap used %d MiB (max %d MiB)%n", round,
              uploader, status, seconds, size / seconds / 1e6,
              ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20,
              Runtime.getRuntime().maxMemory() >> 20);
          CdiFixtures.awaitDataVolume(client, dv, d -> "Succeeded".equals(CdiFixtures.phase(d)));
          Files.deleteIfExists(cluster.nodeRoot("node01").resolve("var/vd/" + dv + "/disk.img"));
        }
      }
      Files.deleteIfExists(ca);
    }
  }
}
