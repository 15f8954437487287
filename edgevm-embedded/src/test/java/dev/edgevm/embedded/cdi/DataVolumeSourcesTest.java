package dev.edgevm.embedded.cdi;

import static dev.edgevm.embedded.cdi.CdiFixtures.awaitDataVolume;
import static dev.edgevm.embedded.cdi.CdiFixtures.dataVolume;
import static dev.edgevm.embedded.cdi.CdiFixtures.localVolume;
import static dev.edgevm.embedded.cdi.CdiFixtures.phase;
import static dev.edgevm.embedded.cdi.CdiFixtures.upload;
import static dev.edgevm.embedded.cdi.CdiFixtures.uploadToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.Leftovers;
import dev.edgevm.embedded.Waits;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blank DataVolumes, the storage API's rendering, and a qcow2 upload converted by qemu-img. */
class DataVolumeSourcesTest {

  private static final long MIB = 1024 * 1024;
  private static EmbeddedEdgeCluster cluster;
  private static KubernetesClient client;
  private static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    cluster = EmbeddedEdgeCluster.builder().nodes(1).start();
    client = cluster.client();
    http = CdiFixtures.trustingClient(cluster);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /** Whether an executable of that name is on the PATH. */
  private static boolean installed(String command) {
    for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  private static boolean qemuImgInstalled() {
    return installed("qemu-img");
  }

  @Test
  void blankDataVolume_getsASparseRawDiskOfTheUsableSize() throws Exception {
    client.persistentVolumes().resource(localVolume("blank-pv", "node01", "/var/vd/vol0", "100Mi", "blank-dv"))
        .create();
    client.genericKubernetesResources(CdiFixtures.DATA_VOLUMES).inNamespace("default")
        .resource(dataVolume("blank-dv", "blank", "100Mi")).create();

    GenericKubernetesResource dv = awaitDataVolume(client, "blank-dv", d -> "Succeeded".equals(phase(d)));

    Path disk = cluster.nodeRoot("node01").resolve("var/vd/vol0/disk.img");
    // CDI's usable space: 100Mi / 1.06 rounded down to whole MiB
    assertThat(Files.size(disk)).isEqualTo(94 * MIB);
    Process stat = new ProcessBuilder("stat", "-c", "%b", disk.toString()).start();
    assertThat(new String(stat.getInputStream().readAllBytes()).trim()).as("allocated blocks").isEqualTo("0");
    assertThat(((Map<?, ?>) dv.getAdditionalProperties().get("status")).get("claimName")).isEqualTo("blank-dv");
    PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace("default").withName("blank-dv").get();
    assertThat(claim.getMetadata().getAnnotations())
        .containsEntry("cdi.kubevirt.io/storage.import.source", "none")
        .containsEntry("cdi.kubevirt.io/storage.pod.phase", "Succeeded")
        .containsEntry("cdi.kubevirt.io/storage.import.importPodName", "importer-blank-dv");
  }

  @Test
  void storageApi_takesProfileDefaults_andInflatesTheSizeByTheFilesystemOverhead() {
    GenericKubernetesResource storageDv = new GenericKubernetesResourceBuilder()
        .withApiVersion("cdi.kubevirt.io/v1beta1").withKind("DataVolume")
        .withNewMetadata().withName("storage-dv").withNamespace("default").endMetadata()
        .addToAdditionalProperties("spec", Map.of("source", Map.of("upload", Map.of()),
            "storage", Map.of("resources", Map.of("requests", Map.of("storage", "1Gi")))))
        .build();
    client.genericKubernetesResources(CdiFixtures.DATA_VOLUMES).inNamespace("default").resource(storageDv).create();

    PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace("default").withName("storage-dv")
        .waitUntilCondition(pvc -> pvc != null, Waits.SECONDS, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("local-storage");
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(claim.getSpec().getVolumeMode()).isEqualTo("Filesystem");
    // GetRequiredSpace(0.06, 1Gi) = ceil(1Gi * 1.06)
    assertThat(Quantity.getAmountInBytes(claim.getSpec().getResources().getRequests().get("storage")).longValue())
        .isEqualTo((long) Math.ceil(1024 * MIB * 1.06));
    assertThat(claim.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(owner -> assertThat(owner.getKind()).isEqualTo("DataVolume"));
    assertThat(claim.getMetadata().getLabels()).containsEntry("app", "containerized-data-importer");
  }

  @Test
  void pvcApiWithoutAClass_getsTheDefaultClass_fromTheApiServersAdmission() {
    GenericKubernetesResource dv = dataVolume("classless-dv", "upload", "1Gi");
    @SuppressWarnings("unchecked")
    Map<String, Object> pvc = new java.util.HashMap<>((Map<String, Object>) ((Map<?, ?>) dv.getAdditionalProperties()
        .get("spec")).get("pvc"));
    pvc.remove("storageClassName");
    dv.getAdditionalProperties().put("spec", Map.of("source", Map.of("upload", Map.of()), "pvc", pvc));
    client.genericKubernetesResources(CdiFixtures.DATA_VOLUMES).inNamespace("default").resource(dv).create();

    PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace("default").withName("classless-dv")
        .waitUntilCondition(c -> c != null, Waits.SECONDS, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("local-storage");
  }

  @Test
  void qcow2Upload_isConvertedToRaw(@TempDir Path work) throws Exception {
    assumeTrue(qemuImgInstalled(), "qemu-img is not installed: cannot make a qcow2 image to upload");
    byte[] data = new byte[(int) (3 * MIB)];
    new Random(11).nextBytes(data);
    Path raw = Files.write(work.resolve("disk.raw"), data);
    Path qcow2 = work.resolve("disk.qcow2");
    Process convert = new ProcessBuilder("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(),
        qcow2.toString()).redirectErrorStream(true).start();
    assertThat(convert.waitFor()).isZero();
    client.persistentVolumes().resource(localVolume("q-pv0", "node01", "/var/vd/vol1", "64Mi", "qcow-dv")).create();
    client.persistentVolumes().resource(localVolume("q-pv1", "node01", "/var/vd/vol2", "64Mi", "qcow-dv-scratch"))
        .create();
    client.genericKubernetesResources(CdiFixtures.DATA_VOLUMES).inNamespace("default")
        .resource(dataVolume("qcow-dv", "upload", "64Mi")).create();
    awaitDataVolume(client, "qcow-dv", d -> "UploadReady".equals(phase(d)));

    assertThat(upload(http, cluster, "/v1beta1/upload", "Bearer " + uploadToken(client, "qcow-dv"),
        Files.readAllBytes(qcow2)).statusCode()).isEqualTo(200);

    awaitDataVolume(client, "qcow-dv", d -> "Succeeded".equals(phase(d)));
    Path disk = cluster.nodeRoot("node01").resolve("var/vd/vol1/disk.img");
    assertThat(Arrays.copyOf(Files.readAllBytes(disk), data.length)).isEqualTo(data);
    Process info = new ProcessBuilder("qemu-img", "info", "--output=json", disk.toString())
        .redirectErrorStream(true).start();
    assertThat(new String(info.getInputStream().readAllBytes())).contains("\"format\": \"raw\"");
    assertThat(cluster.nodeRoot("node01").resolve("var/vd/vol2/tmpimage")).doesNotExist();
    assertThat(List.of(client.persistentVolumeClaims().inNamespace("default").withName("qcow-dv").get()
        .getMetadata().getAnnotations().keySet())).noneMatch(keys -> keys.contains("embedded.edgevm.dev/conversion-skipped"));
  }

  /** The 48 header bytes of a qcow2 image of that virtual size, no backing file, not encrypted. */
  private static byte[] qcow2Header(long virtualSize) {
    return ByteBuffer.allocate(512).put(new byte[] {'Q', 'F', 'I', (byte) 0xfb}).putInt(3).putLong(0).putInt(0)
        .putInt(16).putLong(virtualSize).array();
  }

  @Test
  void closingDuringAConversion_killsQemuImgAndWhatItStarted_andLeavesNoThreadOrFile(@TempDir Path tools)
      throws Exception {
    Path slowQemuImg = tools.resolve("qemu-img");
    // a conversion that takes long, with a child process that dies only if killed with it
    Files.writeString(slowQemuImg, "#!/bin/sh\nsleep 600 &\nwait\n");
    Files.setPosixFilePermissions(slowQemuImg, PosixFilePermissions.fromString("rwx------"));
    Set<Thread> threadsBefore = Leftovers.threads();
    Set<Path> filesBefore = Leftovers.files();
    EmbeddedEdgeCluster busy = EmbeddedEdgeCluster.builder().qemuImg(slowQemuImg).start();
    ProcessHandle converter;
    ProcessHandle child;
    CompletableFuture<HttpResponse<String>> upload;
    try {
      KubernetesClient busyClient = busy.client();
      CdiFixtures.uploadReady(busyClient, "slow-dv", "node01", "/var/vd/vol", null);

      upload = CdiFixtures.trustingClient(busy).sendAsync(HttpRequest.newBuilder(
              URI.create(busy.uploadProxyUrl() + "/v1beta1/upload"))
          .header("Authorization", "Bearer " + uploadToken(busyClient, "slow-dv"))
          .POST(HttpRequest.BodyPublishers.ofByteArray(qcow2Header(MIB))).build(), HttpResponse.BodyHandlers.ofString());
      converter = Leftovers.awaitProcess(handle -> handle.info().arguments().map(List::of).orElse(List.of())
          .contains(slowQemuImg.toString()));
      child = Leftovers.awaitProcess(handle -> handle.parent().map(converter::equals).orElse(false));
    } finally {
      busy.close();
    }

    assertThat(converter.isAlive()).as("qemu-img").isFalse();
    assertThat(child.isAlive()).as("what qemu-img started").isFalse();
    assertThat(upload).as("the upload is answered or loses its connection")
        .failsWithin(Waits.DEFAULT).withThrowableOfType(java.util.concurrent.ExecutionException.class);
    assertThat(Leftovers.awaitThreadsGone(threadsBefore)).isEmpty();
    assertThat(Leftovers.files()).isEqualTo(filesBefore);
  }

  @Test
  void withoutQemuImg_aQcow2UploadIsStoredAsUploaded_andTheClaimSaysSo() throws Exception {
    byte[] qcow2 = qcow2Header(MIB);
    try (EmbeddedEdgeCluster plain = EmbeddedEdgeCluster.builder().withoutQemuImg().start()) {
      KubernetesClient plainClient = plain.client();
      CdiFixtures.uploadReady(plainClient, "kept-dv", "node01", "/var/vd/vol", null);

      assertThat(upload(CdiFixtures.trustingClient(plain), plain, "/v1beta1/upload",
          "Bearer " + uploadToken(plainClient, "kept-dv"), qcow2).statusCode()).isEqualTo(200);

      awaitDataVolume(plainClient, "kept-dv", d -> "Succeeded".equals(phase(d)));
      assertThat(plainClient.persistentVolumeClaims().inNamespace("default").withName("kept-dv").get().getMetadata()
          .getAnnotations()).hasEntrySatisfying("embedded.edgevm.dev/conversion-skipped",
              reason -> assertThat(reason).contains("qcow2", "not converted"));
      assertThat(plain.nodeRoot("node01").resolve("var/vd/vol0/disk.img")).hasBinaryContent(qcow2);
    }
  }

  @Test
  void archiveUpload_isUnpackedIntoTheVolume_whicheverPathItIsSentTo(@TempDir Path work) throws Exception {
    assumeTrue(installed("tar"), "tar is not installed: CDI unpacks archive uploads with it");
    Path content = Files.createDirectories(work.resolve("content/etc"));
    Files.writeString(content.resolve("motd"), "hello from the archive");
    Path archive = work.resolve("content.tar");
    Process tar = new ProcessBuilder("tar", "-cf", archive.toString(), "-C", work.resolve("content").toString(), ".")
        .redirectErrorStream(true).start();
    assertThat(tar.waitFor()).isZero();
    CdiFixtures.uploadReady(client, "tar-dv", "node01", "/var/vd/tar", "archive");

    assertThat(upload(http, cluster, "/v1beta1/upload-async", "Bearer " + uploadToken(client, "tar-dv"),
        Files.readAllBytes(archive)).statusCode()).isEqualTo(200);

    assertThat(cluster.nodeRoot("node01").resolve("var/vd/tar0/etc/motd")).hasContent("hello from the archive");
    assertThat(cluster.nodeRoot("node01").resolve("var/vd/tar0/disk.img")).doesNotExist();
    awaitDataVolume(client, "tar-dv", d -> "Succeeded".equals(phase(d)));
  }

  @Test
  void uploadToAClaimOfAnUnknownContentType_isRefusedByTheProxy() throws Exception {
    CdiFixtures.uploadReady(client, "odd-dv", "node01", "/var/vd/odd", "<odd>");

    var response = upload(http, cluster, "/v1beta1/upload", "Bearer " + uploadToken(client, "odd-dv"), new byte[16]);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("rejecting upload request for PVC odd-dv - upload content-type &lt;odd&gt; is invalid");
  }
}
