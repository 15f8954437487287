package dev.edgevm.embedded.internal.tls;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * A certificate authority made at start-up, as CDI's operator makes the upload proxy's signer:
 * clients verify the cluster's HTTPS endpoints against its certificate instead of turning
 * verification off. Keys are EC P-256 so that creating one costs milliseconds; the certificates
 * are encoded here (RFC 5280) and signed with the JDK's ECDSA.
 */
public final class CertificateAuthority {

  private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
  private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
  private static final String BASIC_CONSTRAINTS = "2.5.29.19";
  private static final String KEY_USAGE = "2.5.29.15";
  private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
  private static final String SUBJECT_ALTERNATIVE_NAME = "2.5.29.17";
  private static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
  private static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  /** keyCertSign (bit 5) and cRLSign (bit 6): 0000 0110, one unused bit. */
  private static final byte[] CA_KEY_USAGE = Der.bitString(new byte[] {0x06}, 1);
  /** digitalSignature (bit 0) and keyEncipherment (bit 2): 1010 0000, five unused bits. */
  private static final byte[] SERVER_KEY_USAGE = Der.bitString(new byte[] {(byte) 0xa0}, 5);
  private static final Duration BACKDATE = Duration.ofHours(1);

  private final KeyPair keyPair;
  private final X509Certificate certificate;
  private final SecureRandom random;
  private final Clock clock;

  private CertificateAuthority(KeyPair keyPair, X509Certificate certificate, SecureRandom random, Clock clock) {
    this.keyPair = keyPair;
    this.certificate = certificate;
    this.random = random;
    this.clock = clock;
  }

  /** A new self-signed authority named {@code commonName}, valid for ten years. */
  public static CertificateAuthority create(String commonName, Clock clock) {
    SecureRandom random = new SecureRandom();
    KeyPair keys = newKeyPair(random);
    X500Principal subject = new X500Principal("CN=" + commonName);
    Instant now = clock.instant();
    try {
      byte[] extensions = Der.sequence(
          extension(BASIC_CONSTRAINTS, true, Der.sequence(Der.bool(true), Der.integer(BigInteger.ZERO))),
          extension(KEY_USAGE, true, CA_KEY_USAGE),
          extension(SUBJECT_KEY_IDENTIFIER, false, Der.octetString(keyIdentifier(keys.getPublic()))));
      X509Certificate certificate = sign(serial(random), subject, now.minus(BACKDATE), now.plus(Duration.ofDays(3650)),
          subject, keys.getPublic(), extensions, keys);
      return new CertificateAuthority(keys, certificate, random, clock);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create the certificate authority " + commonName, e);
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** The authority's certificate in PEM, as CDIConfig's status.uploadProxyCA carries it. */
  public String certificatePem() {
    return Pem.certificate(certificate);
  }

  /**
   * A server certificate for the given host names and IP addresses, signed by this authority,
   * valid for one year.
   */
  public ServerIdentity issueServerCertificate(String commonName, List<String> hostNames) {
    KeyPair keys = newKeyPair(random);
    Instant now = clock.instant();
    try {
      byte[] extensions = Der.sequence(
          extension(BASIC_CONSTRAINTS, true, Der.sequence()),
          extension(KEY_USAGE, true, SERVER_KEY_USAGE),
          extension(EXTENDED_KEY_USAGE, false, Der.sequence(Der.oid(SERVER_AUTH))),
          extension(SUBJECT_ALTERNATIVE_NAME, false, subjectAlternativeNames(hostNames)),
          extension(AUTHORITY_KEY_IDENTIFIER, false,
              Der.sequence(Der.implicit(0, keyIdentifier(certificate.getPublicKey())))));
      X509Certificate issued = sign(serial(random), certificate.getSubjectX500Principal(), now.minus(BACKDATE),
          now.plus(Duration.ofDays(365)), new X500Principal("CN=" + commonName), keys.getPublic(), extensions,
          keyPair);
      return new ServerIdentity(issued, keys.getPrivate(), certificate);
    } catch (GeneralSecurityException | UnknownHostException e) {
      throw new IllegalStateException("cannot issue a server certificate for " + hostNames, e);
    }
  }

  private static byte[] extension(String oid, boolean critical, byte[] value) {
    return critical
        ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
        : Der.sequence(Der.oid(oid), Der.octetString(value));
  }

  /** dNSName [2] and iPAddress [7] entries of a GeneralNames sequence. */
  private static byte[] subjectAlternativeNames(List<String> hostNames) throws UnknownHostException {
    List<byte[]> names = new ArrayList<>();
    for (String name : hostNames) {
      names.add(isIpAddress(name)
          ? Der.implicit(7, InetAddress.getByName(name).getAddress())
          : Der.implicit(2, name.getBytes(StandardCharsets.US_ASCII)));
    }
    return Der.sequence(names.toArray(new byte[0][]));
  }

  /** RFC 5280 4.2.1.2 method 1: SHA-1 of the public key's bits (an uncompressed EC point). */
  private static byte[] keyIdentifier(PublicKey key) throws GeneralSecurityException {
    ECPublicKey ec = (ECPublicKey) key;
    int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
    byte[] point = new byte[1 + 2 * size];
    point[0] = 0x04;
    copyUnsigned(ec.getW().getAffineX(), point, 1, size);
    copyUnsigned(ec.getW().getAffineY(), point, 1 + size, size);
    return MessageDigest.getInstance("SHA-1").digest(point);
  }

  private static void copyUnsigned(BigInteger value, byte[] target, int offset, int size) {
    byte[] bytes = value.toByteArray();
    int start = Math.max(0, bytes.length - size);
    int length = bytes.length - start;
    System.arraycopy(bytes, start, target, offset + size - length, length);
  }

  private static boolean isIpAddress(String name) {
    if (!name.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false;
    }
    try {
      InetAddress.getByName(name);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** An X.509 v3 certificate (RFC 5280 4.1) signed ecdsa-with-SHA256 by {@code signer}. */
  private static X509Certificate sign(BigInteger serial, X500Principal issuer, Instant notBefore, Instant notAfter,
      X500Principal subject, PublicKey subjectKey, byte[] extensions, KeyPair signer) throws GeneralSecurityException {
    byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
    byte[] toBeSigned = Der.sequence(
        Der.explicit(0, Der.integer(BigInteger.TWO)),
        Der.integer(serial),
        algorithm,
        issuer.getEncoded(),
        Der.sequence(Der.time(notBefore.atZone(ZoneOffset.UTC)), Der.time(notAfter.atZone(ZoneOffset.UTC))),
        subject.getEncoded(),
        subjectKey.getEncoded(),
        Der.explicit(3, extensions));
    Signature signature = Signature.getInstance(SIGNATURE_ALGORITHM);
    signature.initSign(signer.getPrivate());
    signature.update(toBeSigned);
    byte[] certificate = Der.sequence(toBeSigned, algorithm, Der.bitString(signature.sign(), 0));
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(certificate));
  }

  private static KeyPair newKeyPair(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 keys are not available in this JDK", e);
    }
  }

  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(96, random).add(BigInteger.ONE);
  }
}
