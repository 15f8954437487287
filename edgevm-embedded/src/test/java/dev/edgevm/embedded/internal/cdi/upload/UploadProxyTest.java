package dev.edgevm.embedded.internal.cdi.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgevm.embedded.Waits;
import dev.edgevm.embedded.internal.disk.BufferPool;
import dev.edgevm.embedded.internal.disk.DiskImageFormat;
import dev.edgevm.embedded.internal.disk.QemuImg;
import dev.edgevm.embedded.internal.disk.StreamToFile;
import dev.edgevm.embedded.internal.https.HttpsServer;
import dev.edgevm.embedded.internal.tls.CertificateAuthority;
import dev.edgevm.embedded.internal.tls.Pem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy and upload server over real HTTPS, with claims and pods stood in by a map. */
class UploadProxyTest {

  private static final long MIB = 1024 * 1024;

  @TempDir
  Path node;

  private final UploadTokens tokens = new UploadTokens(Clock.systemUTC());
  private final Map<String, UploadServer> readyClaims = new ConcurrentHashMap<>();
  private final BlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private volatile ProxyFault nextFault;
  private CertificateAuthority authority;
  private HttpsServer server;
  private HttpClient client;
  private Optional<QemuImg> qemuImg = QemuImg.find();

  @BeforeEach
  void start() {
    authority = CertificateAuthority.create("cdi-uploadproxy-signer", Clock.systemUTC());
    UploadTargets targets = (namespace, name) -> {
      if (name.equals("missing")) {
        throw new UploadNotReadyException("rejecting Upload Request for PVC missing that doesn't exist", true);
      }
      UploadServer server = readyClaims.get(namespace + "/" + name);
      if (server == null) {
        throw new UploadNotReadyException("not ready", false);
      }
      return server;
    };
    ProxyFaults faults = (method, path) -> {
      ProxyFault fault = nextFault;
      nextFault = null;
      return Optional.ofNullable(fault);
    };
    UploadProxy proxy = new UploadProxy(tokens, targets, faults, Duration.ofMillis(300));
    server = HttpsServer.start("test-uploadproxy",
        authority.issueServerCertificate("cdi-uploadproxy", List.of("localhost")).sslContext(),
        InetAddress.getLoopbackAddress(), proxy, 8);
    client = HttpClient.newBuilder().sslContext(Pem.trusting(authority.certificatePem()))
        .version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterEach
  void stop() {
    server.close();
    executor.shutdownNow();
  }

  private UploadDestination readyClaim(String name, long size) {
    UploadDestination destination = new UploadDestination(node.resolve("vol-" + name), node.resolve("scratch-" + name),
        size, size, 0.0, false);
    ImageProcessor processor = new ImageProcessor(new StreamToFile(new BufferPool((int) MIB, 8), executor), qemuImg);
    readyClaims.put("default/" + name, new UploadServer(destination, processor, new UploadListener() {
      @Override
      public void succeeded(ProcessedImage image) {
        outcomes.add(image);
      }

      @Override
      public void failed(String message) {
        outcomes.add(message);
      }
    }, executor));
    return destination;
  }

  private HttpResponse<String> post(String path, String authorization, byte[] body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + path))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String bearer(String claim) {
    return "Bearer " + tokens.issue(UploadToken.forClaim("default", claim));
  }

  private static byte[] randomBytes(int length) {
    byte[] data = new byte[length];
    new Random(length).nextBytes(data);
    return data;
  }

  @Test
  void missingOrMalformedAuthorization_is400_withEmptyBody() throws Exception {
    readyClaim("dv", 4 * MIB);

    assertThat(post("/v1beta1/upload", null, new byte[10])).extracting(HttpResponse::statusCode, HttpResponse::body)
        .containsExactly(400, "");
    assertThat(post("/v1beta1/upload", "Basic dXNlcjpwYXNz", new byte[10]).statusCode()).isEqualTo(400);
    assertThat(post("/v1beta1/upload", "Bearer has spaces", new byte[10]).statusCode()).isEqualTo(400);
  }

  @Test
  void forgedToken_is401_andATokenForAnotherOperation_is400() throws Exception {
    readyClaim("dv", 4 * MIB);
    String foreign = new UploadTokens(Clock.systemUTC()).issue(UploadToken.forClaim("default", "dv"));
    String clone = tokens.issue(new UploadToken("Clone", "default", "dv", UploadToken.RESOURCE_PVC));

    assertThat(post("/v1beta1/upload", "Bearer " + foreign, new byte[10]).statusCode()).isEqualTo(401);
    assertThat(post("/v1beta1/upload", "Bearer " + clone, new byte[10]).statusCode()).isEqualTo(400);
  }

  @Test
  void claimNotReady_is503_withTheReason_afterWaiting() throws Exception {
    HttpResponse<String> notReady = post("/v1beta1/upload-async", bearer("dv"), new byte[10]);
    HttpResponse<String> missing = post("/v1beta1/upload-async", bearer("missing"), new byte[10]);

    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).isEqualTo("context deadline exceeded");
    assertThat(missing.statusCode()).isEqualTo(503);
    assertThat(missing.body()).isEqualTo("rejecting Upload Request for PVC missing that doesn&#39;t exist");
  }

  @Test
  void rawUpload_landsInDiskImg_grownToTheUsableSize_andASecondUploadIs409() throws Exception {
    UploadDestination volume = readyClaim("dv", 8 * MIB);
    byte[] data = randomBytes((int) (3 * MIB + 5));

    HttpResponse<String> response = post("/v1beta1/upload", bearer("dv"), data);

    assertThat(response.statusCode()).isEqualTo(200);
    ProcessedImage image = (ProcessedImage) outcomes.poll(Waits.SECONDS, TimeUnit.SECONDS);
    assertThat(image.format()).isEqualTo(DiskImageFormat.RAW);
    assertThat(image.receivedBytes()).isEqualTo(data.length);
    assertThat(Files.size(volume.diskImage())).isEqualTo(8 * MIB);
    assertThat(Arrays.copyOf(Files.readAllBytes(volume.diskImage()), data.length)).isEqualTo(data);
    assertThat(post("/v1beta1/upload", bearer("dv"), data).statusCode()).isEqualTo(409);
  }

  @Test
  void asyncUpload_answersAfterStoring_andCompletesInTheBackground() throws Exception {
    UploadDestination volume = readyClaim("dv", 4 * MIB);
    byte[] data = randomBytes(100_000);

    assertThat(post("/v1beta1/upload-async", bearer("dv"), data).statusCode()).isEqualTo(200);

    assertThat(outcomes.poll(Waits.SECONDS, TimeUnit.SECONDS)).isInstanceOf(ProcessedImage.class);
    assertThat(Arrays.copyOf(Files.readAllBytes(volume.diskImage()), data.length)).isEqualTo(data);
  }

  @Test
  void imageLargerThanTheVolume_is400_withCdisMessage() throws Exception {
    readyClaim("dv", 2 * MIB);

    HttpResponse<String> response = post("/v1beta1/upload", bearer("dv"), randomBytes((int) (3 * MIB)));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).startsWith("Saving stream failed: effective image size is larger than the "
        + "reported available storage: virtual image size 3145728 is larger than the reported available storage");
  }

  @Test
  void droppedConnectionMidUpload_failsTheClient_andARetrySucceeds() throws Exception {
    UploadDestination volume = readyClaim("dv", 8 * MIB);
    byte[] data = randomBytes((int) (4 * MIB));
    nextFault = ProxyFault.dropMidBody(0.25);

    assertThatThrownBy(() -> post("/v1beta1/upload", bearer("dv"), data)).isInstanceOf(IOException.class);
    assertThat(post("/v1beta1/upload", bearer("dv"), data).statusCode()).isEqualTo(200);
    assertThat(Arrays.copyOf(Files.readAllBytes(volume.diskImage()), data.length)).isEqualTo(data);
  }

  @Test
  void droppedConnection_cutsAShortChunkedBodyToo_andCountsOnce() throws Exception {
    UploadDestination volume = readyClaim("dv", 8 * MIB);
    byte[] data = randomBytes(10_000);
    AtomicInteger applied = new AtomicInteger();
    // near the end of a body of unknown length: it ends first, and is cut there
    nextFault = ProxyFault.dropMidBody(0.99).whenApplied(applied::incrementAndGet);

    HttpRequest chunked = HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/v1beta1/upload"))
        .header("Authorization", bearer("dv"))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(data))).build();
    assertThatThrownBy(() -> client.send(chunked, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);

    assertThat(applied).hasValue(1);
    assertThat(post("/v1beta1/upload", bearer("dv"), data).statusCode()).isEqualTo(200);
    assertThat(Arrays.copyOf(Files.readAllBytes(volume.diskImage()), data.length)).isEqualTo(data);
  }

  @Test
  void droppedConnection_ofARequestRefusedBeforeItsBody_dropsInsteadOfTheAnswer() throws Exception {
    readyClaim("dv", 4 * MIB);
    AtomicInteger applied = new AtomicInteger();
    nextFault = ProxyFault.dropMidBody(0.5).whenApplied(applied::incrementAndGet);

    assertThatThrownBy(() -> post("/v1beta1/upload", "Bearer forged.token.here", new byte[10]))
        .isInstanceOf(IOException.class);

    assertThat(applied).hasValue(1);
    assertThat(post("/v1beta1/upload", "Bearer forged.token.here", new byte[10]).statusCode()).isEqualTo(401);
  }

  @Test
  void injected503_carriesRetryAfter() throws Exception {
    readyClaim("dv", 4 * MIB);
    nextFault = ProxyFault.respond(503, 1);

    HttpResponse<String> response = post("/v1beta1/upload", bearer("dv"), new byte[10]);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains("1");
  }

  @Test
  void gzipCompressedUpload_isDecompressed() throws Exception {
    UploadDestination volume = readyClaim("dv", 4 * MIB);
    byte[] data = "compressible ".repeat(50_000).getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(data);
    }

    assertThat(post("/v1beta1/upload", bearer("dv"), gz.toByteArray()).statusCode()).isEqualTo(200);
    assertThat(Arrays.copyOf(Files.readAllBytes(volume.diskImage()), data.length)).isEqualTo(data);
  }

  @Test
  void formUpload_takesTheFilePart() throws Exception {
    UploadDestination volume = readyClaim("dv", 4 * MIB);
    byte[] data = randomBytes(300_000);
    String boundary = "xYzZY";
    ByteArrayOutputStream form = new ByteArrayOutputStream();
    form.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nignored\r\n--" + boundary
        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"disk.img\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    form.write(data);
    form.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));

    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
            URI.create("https://localhost:" + server.port() + "/v1beta1/upload-form"))
        .header("Authorization", bearer("dv"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(form.toByteArray())).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Arrays.copyOf(Files.readAllBytes(volume.diskImage()), data.length)).isEqualTo(data);
    assertThat(Files.size(volume.diskImage())).isEqualTo(4 * MIB);
  }

  @Test
  void qcow2Upload_isConvertedToRawWithQemuImg(@TempDir Path work) throws Exception {
    assumeTrue(qemuImg.isPresent(), "qemu-img is not installed: cannot make or convert a qcow2 image");
    UploadDestination volume = readyClaim("dv", 16 * MIB);
    byte[] data = randomBytes((int) (2 * MIB));
    Path raw = Files.write(work.resolve("source.raw"), data);
    Path qcow2 = work.resolve("source.qcow2");
    Process convert = new ProcessBuilder("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(),
        qcow2.toString()).inheritIO().start();
    assertThat(convert.waitFor()).isZero();

    assertThat(post("/v1beta1/upload", bearer("dv"), Files.readAllBytes(qcow2)).statusCode()).isEqualTo(200);

    ProcessedImage image = (ProcessedImage) outcomes.poll(Waits.SECONDS, TimeUnit.SECONDS);
    assertThat(image.format()).isEqualTo(DiskImageFormat.QCOW2);
    assertThat(image.conversionSkipped()).isFalse();
    assertThat(Arrays.copyOf(Files.readAllBytes(volume.diskImage()), data.length)).isEqualTo(data);
    assertThat(volume.scratchImage()).doesNotExist();
  }

  @Test
  void qcow2Upload_withoutQemuImg_isStoredAsIs_andSaysSo(@TempDir Path work) throws Exception {
    qemuImg = Optional.empty();
    UploadDestination volume = readyClaim("dv", 16 * MIB);
    byte[] qcow2 = new byte[4096];
    java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(qcow2);
    header.putInt(0, 0x514649fb).putInt(4, 3).putLong(24, 8 * MIB);

    assertThat(post("/v1beta1/upload", bearer("dv"), qcow2).statusCode()).isEqualTo(200);

    ProcessedImage image = (ProcessedImage) outcomes.poll(Waits.SECONDS, TimeUnit.SECONDS);
    assertThat(image.conversionSkipped()).isTrue();
    assertThat(Files.readAllBytes(volume.diskImage())).isEqualTo(qcow2);
  }

  @Test
  void otherMethodsAndPaths_getTheUploadServersAnswers() throws Exception {
    readyClaim("dv", 4 * MIB);
    URI async = URI.create("https://localhost:" + server.port() + "/v1beta1/upload-async");

    HttpResponse<String> head = client.send(HttpRequest.newBuilder(async).method("HEAD",
        HttpRequest.BodyPublishers.noBody()).header("Authorization", bearer("dv")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> get = client.send(HttpRequest.newBuilder(async).header("Authorization", bearer("dv")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> unknown = client.send(HttpRequest.newBuilder(async.resolve("/nope")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(get.statusCode()).isEqualTo(404);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).isEqualTo("404 page not found\n");
  }
}
