package dev.edgevm.embedded.internal.tls;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;

/**
 * The certificate authority of embedded clusters and the server identity of their HTTPS
 * endpoints (upload proxy, VM export server). Made once per JVM, while the first cluster starts,
 * and shared by the clusters it runs: a test suite starts many clusters. The certificate names
 * every host name the endpoints are reached by.
 */
public final class ClusterCertificates {

  /** Host names clients use for the cluster's HTTPS endpoints. */
  public static final List<String> HOST_NAMES = List.of("localhost", "127.0.0.1",
      "cdi-uploadproxy", "cdi-uploadproxy.cdi", "cdi-uploadproxy.cdi.svc", "cdi-uploadproxy.cdi.svc.cluster.local",
      "virt-exportproxy", "virt-exportproxy.kubevirt", "virt-exportproxy.kubevirt.svc");

  private static final CompletableFuture<ClusterCertificates> MADE = new CompletableFuture<>();
  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private final CertificateAuthority authority;
  private final ServerIdentity server;
  /** Made on first use: the JDK's TLS classes load only when an endpoint is first connected to. */
  private volatile SSLContext serverContext;

  private ClusterCertificates(CertificateAuthority authority, ServerIdentity server) {
    this.authority = authority;
    this.server = server;
  }

  /**
   * Starts making the JVM's certificates on a short-lived thread of their own, unless they are
   * made or being made, so that a cluster starting meanwhile finds them ready.
   */
  public static void prepare() {
    if (STARTED.compareAndSet(false, true)) {
      Thread maker = new Thread(ClusterCertificates::make, "edgevm-certificates");
      maker.setDaemon(true);
      maker.start();
    }
  }

  /** The JVM's certificates: made now when nobody started making them, else awaited. */
  public static ClusterCertificates shared() {
    if (STARTED.compareAndSet(false, true)) {
      make();
    }
    try {
      return MADE.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
    }
  }

  private static void make() {
    try {
      CertificateAuthority authority = CertificateAuthority.create("edgevm-embedded-signer", Clock.systemUTC());
      MADE.complete(new ClusterCertificates(authority,
          authority.issueServerCertificate("edgevm-embedded-endpoints", HOST_NAMES)));
    } catch (RuntimeException | Error e) {
      MADE.completeExceptionally(e);
    }
  }

  public CertificateAuthority authority() {
    return authority;
  }

  /** The TLS context the cluster's HTTPS servers present. */
  public SSLContext serverContext() {
    SSLContext context = serverContext;
    if (context == null) {
      synchronized (this) {
        if (serverContext == null) {
          serverContext = server.sslContext();
        }
        context = serverContext;
      }
    }
    return context;
  }

  public String authorityPem() {
    return authority.certificatePem();
  }
}
