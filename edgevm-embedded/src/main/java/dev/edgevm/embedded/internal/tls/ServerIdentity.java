package dev.edgevm.embedded.internal.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/** A server's certificate chain and key, ready to serve TLS. */
public final class ServerIdentity {

  private static final String ALIAS = "server";

  private final X509Certificate certificate;
  private final PrivateKey privateKey;
  private final X509Certificate issuer;

  ServerIdentity(X509Certificate certificate, PrivateKey privateKey, X509Certificate issuer) {
    this.certificate = certificate;
    this.privateKey = privateKey;
    this.issuer = issuer;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * A TLS context presenting this identity (leaf plus issuer) to clients. The key is handed to
   * TLS directly: a PKCS#12 key store would encrypt it with 10,000 PBKDF2 rounds for nothing.
   */
  public SSLContext sslContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {new OneKey()}, null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a TLS context for " + certificate.getSubjectX500Principal(), e);
    }
  }

  /** Offers the one key and chain for every server handshake. */
  private final class OneKey extends X509ExtendedKeyManager {

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return keyType.equals(privateKey.getAlgorithm()) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return chooseServerAlias(keyType, issuers, null);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? new X509Certificate[] {certificate, issuer} : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? privateKey : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }
}
