package dev.edgevm.embedded.internal.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** PEM encoding of certificates, and trust built from a PEM bundle. */
public final class Pem {

  private Pem() {
  }

  public static String certificate(X509Certificate certificate) {
    try {
      String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
          .encodeToString(certificate.getEncoded());
      return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode " + certificate.getSubjectX500Principal(), e);
    }
  }

  /** A client TLS context that trusts exactly the certificates of a PEM bundle. */
  public static SSLContext trusting(String pemBundle) {
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      int index = 0;
      for (Certificate certificate : factory.generateCertificates(
          new java.io.ByteArrayInputStream(pemBundle.getBytes(StandardCharsets.US_ASCII)))) {
        trust.setCertificateEntry("ca-" + index++, certificate);
      }
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException("not a PEM certificate bundle", e);
    }
  }
}
