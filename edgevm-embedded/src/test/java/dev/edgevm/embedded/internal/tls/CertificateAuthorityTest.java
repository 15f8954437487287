package dev.edgevm.embedded.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgevm.embedded.internal.https.HttpsServer;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

  private final CertificateAuthority authority = CertificateAuthority.create("test-signer", Clock.systemUTC());

  @Test
  void issuedCertificate_namesTheHosts_andChainsToTheAuthority() throws Exception {
    ServerIdentity identity = authority.issueServerCertificate("cdi-uploadproxy",
        List.of("localhost", "127.0.0.1", "cdi-uploadproxy.cdi.svc"));

    X509Certificate certificate = identity.certificate();
    certificate.verify(authority.certificate().getPublicKey());
    assertThat(certificate.getSubjectAlternativeNames())
        .extracting(name -> (Object) name.get(1))
        .containsExactlyInAnyOrder((Object) "localhost", "127.0.0.1", "cdi-uploadproxy.cdi.svc");
    assertThat(certificate.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    assertThat(certificate.getKeyUsage()).startsWith(true, false, true);
    assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(certificate.getIssuerX500Principal()).isEqualTo(authority.certificate().getSubjectX500Principal());
    assertThat(authority.certificate().getBasicConstraints()).as("a CA signing leaves only").isZero();
    assertThat(authority.certificate().getKeyUsage()).startsWith(false, false, false, false, false, true, true);
    assertThat(authority.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----\n")
        .endsWith("-----END CERTIFICATE-----\n");
  }

  @Test
  void clientTrustingThePem_connects_whileDefaultTrustRefuses() throws Exception {
    ServerIdentity identity = authority.issueServerCertificate("server", List.of("localhost", "127.0.0.1"));
    try (HttpsServer server = HttpsServer.start("test-https", identity.sslContext(), InetAddress.getLoopbackAddress(),
        (request, response) -> response.send(200, "hello"), 4)) {
      URI uri = server.uri("localhost").resolve("/");

      HttpClient trusting = HttpClient.newBuilder().sslContext(Pem.trusting(authority.certificatePem())).build();
      HttpResponse<String> response = trusting.send(HttpRequest.newBuilder(uri).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("hello");

      HttpClient defaultTrust = HttpClient.newHttpClient();
      assertThatThrownBy(() -> defaultTrust.send(HttpRequest.newBuilder(uri).build(),
          HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
    }
  }
}
