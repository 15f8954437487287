package dev.edgevm.storage.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A throwaway certificate authority for TLS tests: EC P-256 keys, X.509 v3 certificates encoded
 * by hand in DER (the JDK has no public API to issue certificates), made in milliseconds.
 */
public final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());
    private static final byte[] ECDSA_SHA256 = oid(1, 2, 840, 10045, 4, 3, 2);
    private static final byte[] COMMON_NAME = oid(2, 5, 4, 3);
    private static final byte[] BASIC_CONSTRAINTS = oid(2, 5, 29, 19);
    private static final byte[] SUBJECT_ALT_NAME = oid(2, 5, 29, 17);

    private final String name;
    private final KeyPair keys;
    private final X509Certificate certificate;

    private TestPki(String name, KeyPair keys, X509Certificate certificate) {
        this.name = name;
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new self-signed CA named {@code name}. */
    public static TestPki newAuthority(String name) {
        KeyPair keys = newKeys();
        return new TestPki(name, keys, sign(name, keys, name, keys.getPrivate(), true));
    }

    /** The CA certificate as PEM, as the SDK receives it from the cluster. */
    public String caPem() {
        return pem(certificate);
    }

    /** A key store holding a server key and a certificate for {@code localhost} and 127.0.0.1 signed by this CA. */
    public KeyStore serverKeyStore(char[] password) {
        KeyPair serverKeys = newKeys();
        X509Certificate server = sign("localhost", serverKeys, name, keys.getPrivate(), false);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", serverKeys.getPrivate(), password, new X509Certificate[] {server, certificate});
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server certificate for {@code localhost} and 127.0.0.1 (with this CA after it) and its private key, as PEM files hold them. */
    public ServerPem serverPem() {
        KeyPair serverKeys = newKeys();
        X509Certificate server = sign("localhost", serverKeys, name, keys.getPrivate(), false);
        String key = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(serverKeys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return new ServerPem(pem(server) + pem(certificate), key);
    }

    /** A certificate chain and its key, PEM-encoded (the key in PKCS#8). */
    public record ServerPem(String certificateChain, String privateKey) {}

    /** An SSL context that trusts this CA only, for a test's own client. */
    public javax.net.ssl.SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", certificate);
            javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair newKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(String subject, KeyPair subjectKeys, String issuer, PrivateKey issuerKey, boolean ca) {
        try {
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            byte[] extensions = ca
                    ? extension(BASIC_CONSTRAINTS, true, seq(der(0x01, new byte[] {(byte) 0xff})))
                    : concat(extension(BASIC_CONSTRAINTS, true, seq()),
                            extension(SUBJECT_ALT_NAME, false, seq(
                                    der(0x82, "localhost".getBytes(StandardCharsets.US_ASCII)),
                                    der(0x87, new byte[] {127, 0, 0, 1}))));
            byte[] tbs = seq(
                    der(0xa0, der(0x02, new byte[] {2})),
                    der(0x02, BigInteger.valueOf(SERIAL.incrementAndGet()).toByteArray()),
                    seq(der(0x06, ECDSA_SHA256)),
                    name(issuer),
                    seq(time(now.minusDays(1)), time(now.plusYears(5))),
                    name(subject),
                    subjectKeys.getPublic().getEncoded(),
                    der(0xa3, seq(extensions)));
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(issuerKey);
            signer.update(tbs);
            byte[] signature = signer.sign();
            byte[] certificate = seq(tbs, seq(der(0x06, ECDSA_SHA256)), der(0x03, concat(new byte[] {0}, signature)));
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] name(String commonName) {
        return seq(der(0x31, seq(der(0x06, COMMON_NAME), der(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
    }

    private static byte[] time(ZonedDateTime t) {
        return der(0x17, t.format(DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] extension(byte[] oid, boolean critical, byte[] value) {
        return critical
                ? seq(der(0x06, oid), der(0x01, new byte[] {(byte) 0xff}), der(0x04, value))
                : seq(der(0x06, oid), der(0x04, value));
    }

    private static byte[] seq(byte[]... parts) {
        return der(0x30, concat(parts));
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 128) {
            out.write(n);
        } else {
            int bytes = n < 256 ? 1 : n < 65536 ? 2 : 3;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] oid(int... arcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(40 * arcs[0] + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int arc = arcs[i];
            int groups = 1;
            for (int v = arc >>> 7; v > 0; v >>>= 7) {
                groups++;
            }
            for (int g = groups - 1; g >= 0; g--) {
                out.write(((arc >>> (7 * g)) & 0x7f) | (g > 0 ? 0x80 : 0));
            }
        }
        return out.toByteArray();
    }
}
