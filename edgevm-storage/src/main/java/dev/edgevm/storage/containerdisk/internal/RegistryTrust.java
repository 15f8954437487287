package dev.edgevm.storage.containerdisk.internal;

import dev.edgevm.storage.containerdisk.ContainerDiskException;
import dev.edgevm.storage.upload.internal.TlsContexts;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jib verifies a registry with the JVM's default TLS context and offers no way to give it another.
 * To verify a registry against a CA the caller gives, the JVM's default context is replaced, once,
 * by one whose trust manager accepts certificates that CA signed for connections to that
 * registry's host and port only; every other connection of the process is verified as before,
 * against the JVM's trust store (its client key store, if one is configured, is kept too).
 */
final class RegistryTrust {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryTrust.class);
    private static final Map<String, X509ExtendedTrustManager> BY_ADDRESS = new ConcurrentHashMap<>();
    private static boolean installed;

    private RegistryTrust() {}

    /** Trusts {@code caPem} for TLS connections to {@code registry} ({@code host[:port]}, port 443 by default). */
    static synchronized void trust(String registry, String caPem) {
        try {
            BY_ADDRESS.put(address(registry), TlsContexts.trustManager(caPem));
            if (!installed) {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(jvmKeyManagers(), new X509ExtendedTrustManager[] {new PerRegistry(TlsContexts.jvmTrustManager())}, null);
                SSLContext.setDefault(context);
                installed = true;
                LOG.info("The JVM's default TLS context now also trusts the CAs given for registries {}", BY_ADDRESS.keySet());
            }
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new ContainerDiskException("cannot trust the CA given for registry " + registry + ": " + e.getMessage(), false, e);
        }
    }

    /** {@code host:port} as a registry reference names it, with HTTPS's port when it has none. */
    static String address(String registry) {
        int colon = registry.lastIndexOf(':');
        boolean hasPort = colon > 0 && registry.indexOf(']') < colon;
        return hasPort ? registry : registry + ":443";
    }

    /** The key managers the JVM's own default context would have, from {@code javax.net.ssl.keyStore}, if set. */
    private static KeyManager[] jvmKeyManagers() throws GeneralSecurityException, java.io.IOException {
        String file = System.getProperty("javax.net.ssl.keyStore");
        if (file == null || file.isBlank() || "NONE".equals(file)) {
            return null;
        }
        String password = System.getProperty("javax.net.ssl.keyStorePassword", "");
        KeyStore store = KeyStore.getInstance(System.getProperty("javax.net.ssl.keyStoreType", KeyStore.getDefaultType()));
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            store.load(in, password.toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password.toCharArray());
        return factory.getKeyManagers();
    }

    /** The JVM's trust, plus each registry's own CA for connections to that registry. */
    private static final class PerRegistry extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager jvm;

        PerRegistry(X509ExtendedTrustManager jvm) {
            this.jvm = jvm;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            X509ExtendedTrustManager registry = socket instanceof SSLSocket ssl ? forPeer(ssl.getHandshakeSession(), socket.getPort()) : null;
            if (registry != null) {
                registry.checkServerTrusted(chain, authType, socket);
            } else {
                jvm.checkServerTrusted(chain, authType, socket);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            X509ExtendedTrustManager registry = engine == null ? null : BY_ADDRESS.get(engine.getPeerHost() + ":" + engine.getPeerPort());
            if (registry != null) {
                registry.checkServerTrusted(chain, authType, engine);
            } else {
                jvm.checkServerTrusted(chain, authType, engine);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            jvm.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            jvm.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            jvm.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            jvm.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return jvm.getAcceptedIssuers();
        }

        private static X509ExtendedTrustManager forPeer(SSLSession session, int port) {
            return session == null || session.getPeerHost() == null ? null : BY_ADDRESS.get(session.getPeerHost() + ":" + port);
        }
    }
}
