package dev.edgevm.embedded.internal.https;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.internal.tls.CertificateAuthority;
import dev.edgevm.embedded.internal.tls.Pem;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpsServerTest {

  private static final Set<String> CLIENT_PORTS = ConcurrentHashMap.newKeySet();
  private static CertificateAuthority authority;
  private static HttpsServer server;
  private static SSLContext clientTls;

  @BeforeAll
  static void start() {
    authority = CertificateAuthority.create("test", Clock.systemUTC());
    clientTls = Pem.trusting(authority.certificatePem());
    server = HttpsServer.start("test-https",
        authority.issueServerCertificate("server", List.of("localhost")).sslContext(),
        InetAddress.getLoopbackAddress(), HttpsServerTest::digest, 8);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Answers with the SHA-256 of the body and its length, and remembers the client's port. */
  private static void digest(dev.edgevm.embedded.internal.https.HttpRequest request,
      dev.edgevm.embedded.internal.https.HttpResponse response) throws java.io.IOException {
    CLIENT_PORTS.add(request.remoteAddress());
    if (request.path().equals("/stream")) {
      try (OutputStream out = response.stream(200, -1)) {
        for (int i = 0; i < 3; i++) {
          out.write(("part" + i + ";").getBytes(StandardCharsets.US_ASCII));
        }
      }
      return;
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[8192];
      long total = 0;
      int n;
      while ((n = request.body().read(buffer)) >= 0) {
        sha.update(buffer, 0, n);
        total += n;
      }
      response.send(200, total + " " + HexFormat.of().formatHex(sha.digest()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  @Test
  void fixedLengthBodies_onOneKeptAliveConnection() throws Exception {
    CLIENT_PORTS.clear();
    HttpClient client = HttpClient.newBuilder().sslContext(clientTls).version(HttpClient.Version.HTTP_1_1).build();
    URI uri = server.uri("localhost").resolve("/upload");
    byte[] body = new byte[3 * 1024 * 1024 + 17];
    new java.util.Random(1).nextBytes(body);

    for (int i = 0; i < 3; i++) {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.body()).isEqualTo(body.length + " " + sha256(body));
    }
    assertThat(CLIENT_PORTS).hasSize(1);
  }

  @Test
  void chunkedBody_withExpectContinue_isDecoded() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(clientTls).version(HttpClient.Version.HTTP_1_1).build();
    byte[] part = "0123456789".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
    HttpRequest request = HttpRequest.newBuilder(server.uri("localhost").resolve("/upload"))
        .expectContinue(true)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.SequenceInputStream(
            new java.io.ByteArrayInputStream(part), new java.io.ByteArrayInputStream(part))))
        .build();

    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

    byte[] both = new byte[part.length * 2];
    System.arraycopy(part, 0, both, 0, part.length);
    System.arraycopy(part, 0, both, part.length, part.length);
    assertThat(response.body()).isEqualTo(both.length + " " + sha256(both));
  }

  @Test
  void responseOfUnknownLength_isSentChunked() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(clientTls).build();
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(server.uri("localhost").resolve("/stream"))
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.headers().firstValue("transfer-encoding")).contains("chunked");
    assertThat(response.body()).isEqualTo("part0;part1;part2;");
  }

  @Test
  void malformedRequestLine_gets400_andTheConnectionCloses() throws Exception {
    try (SSLSocket socket = (SSLSocket) clientTls.getSocketFactory().createSocket("localhost", server.port())) {
      socket.getOutputStream().write("NONSENSE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.US_ASCII));
      assertThat(reader.readLine()).isEqualTo("HTTP/1.1 400 Bad Request");
      String line;
      boolean closeHeader = false;
      while ((line = reader.readLine()) != null) {
        closeHeader |= line.equalsIgnoreCase("Connection: close");
      }
      assertThat(closeHeader).isTrue();
    }
  }
}
