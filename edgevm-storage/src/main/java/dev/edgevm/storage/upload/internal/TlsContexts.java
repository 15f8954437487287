package dev.edgevm.storage.upload.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Builds the {@link SSLContext} of an upload from a PEM CA, the JVM's defaults, or trust-all. */
public final class TlsContexts {

    private TlsContexts() {}

    /** Why {@code pem} cannot be used as a CA, or null when it can. */
    public static String problemWithPem(String pem) {
        if (pem == null || pem.isBlank()) {
            return "is empty: give the CA certificate in PEM form (-----BEGIN CERTIFICATE----- ...)";
        }
        try {
            return certificates(pem).isEmpty() ? "holds no certificate: give the CA certificate in PEM form" : null;
        } catch (CertificateException e) {
            return "is not a PEM certificate (" + e.getMessage() + ")";
        }
    }

    public static SSLContext trusting(String caPem) throws GeneralSecurityException {
        return context(new TrustManager[] {trustManager(caPem)});
    }

    /** A trust manager that accepts exactly the certificates the CAs in {@code caPem} signed. */
    public static javax.net.ssl.X509ExtendedTrustManager trustManager(String caPem) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (java.io.IOException impossible) {
            throw new GeneralSecurityException(impossible);
        }
        int i = 0;
        for (Certificate c : certificates(caPem)) {
            store.setCertificateEntry("ca-" + i++, c);
        }
        return firstX509(store);
    }

    /** The JVM's own trust manager (its trust store, or the one {@code javax.net.ssl.trustStore} names). */
    public static javax.net.ssl.X509ExtendedTrustManager jvmTrustManager() throws GeneralSecurityException {
        return firstX509(null);
    }

    private static javax.net.ssl.X509ExtendedTrustManager firstX509(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof javax.net.ssl.X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("the JVM offers no X.509 trust manager");
    }

    static SSLContext systemTrust() throws GeneralSecurityException {
        return context(null);
    }

    static SSLContext trustingAnything() throws GeneralSecurityException {
        return context(new TrustManager[] {new TrustAll()});
    }

    private static SSLContext context(TrustManager[] trust) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust, null);
        return context;
    }

    private static Collection<? extends Certificate> certificates(String pem) throws CertificateException {
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // insecure mode, asked for explicitly
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // insecure mode, asked for explicitly
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
