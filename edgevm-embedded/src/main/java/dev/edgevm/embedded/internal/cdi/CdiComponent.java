package dev.edgevm.embedded.internal.cdi;

import dev.edgevm.embedded.internal.cdi.upload.ImageProcessor;
import dev.edgevm.embedded.internal.cdi.upload.ProxyFaults;
import dev.edgevm.embedded.internal.cdi.upload.UploadProxy;
import dev.edgevm.embedded.internal.cdi.upload.UploadTokens;
import dev.edgevm.embedded.internal.disk.BufferPool;
import dev.edgevm.embedded.internal.disk.QemuImg;
import dev.edgevm.embedded.internal.disk.StreamToFile;
import dev.edgevm.embedded.internal.events.EventRecorder;
import dev.edgevm.embedded.internal.faults.FaultInjector;
import dev.edgevm.embedded.internal.https.HttpsServer;
import dev.edgevm.embedded.internal.namespaces.InstalledOperators;
import dev.edgevm.embedded.internal.runtime.ClusterComponent;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.runtime.DaemonPool;
import dev.edgevm.embedded.internal.tls.ClusterCertificates;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * CDI in the edge cluster: its installation, the UploadTokenRequest API, the HTTPS upload proxy
 * with the cluster's own CA, and the DataVolume, upload and import controllers with their pods.
 * Offers {@link CdiEndpoints} (proxy URL and CA) and the {@link ClusterCertificates}.
 */
public final class CdiComponent implements ClusterComponent {

  /** How long the proxy waits for an upload pod to turn ready before answering 503 (CDI: 10 s). */
  public static final Duration DEFAULT_READY_WAIT = Duration.ofSeconds(2);
  private static final int TRANSFER_BUFFER = 1024 * 1024;

  @Override
  public void start(ClusterContext context) {
    ClusterCertificates certificates = context.provide(ClusterCertificates.class, ClusterCertificates.shared());
    UploadTokens tokens = new UploadTokens(Clock.systemUTC());
    context.routes().matching(UploadTokenRoute::matches, new UploadTokenRoute(tokens));

    // closing interrupts conversions: qemu-img is killed and waited for before files are deleted
    ExecutorService executor = context.onClose(DaemonPool.unbounded("edgevm-cdi-io")).executor();
    Optional<QemuImg> qemuImg = context.optionalService(ConversionSettings.class)
        .map(ConversionSettings::qemuImg).orElseGet(QemuImg::find);
    ImageProcessor processor = new ImageProcessor(new StreamToFile(new BufferPool(TRANSFER_BUFFER, 16), executor),
        qemuImg);
    UploadServers servers = new UploadServers(context.api());
    ProxyFaults faults = context.optionalService(FaultInjector.class)
        .<ProxyFaults>map(UploadProxyFaults::new).orElse(ProxyFaults.NONE);
    Duration readyWait = context.optionalService(UploadProxySettings.class)
        .map(UploadProxySettings::readyWait).orElse(DEFAULT_READY_WAIT);
    HttpsServer proxy = context.onClose(HttpsServer.start("edgevm-uploadproxy", certificates::serverContext,
        InetAddress.getLoopbackAddress(), new UploadProxy(tokens, servers, faults, readyWait), 32));
    String url = "https://127.0.0.1:" + proxy.port();
    context.provide(CdiEndpoints.class, new CdiEndpoints(url, certificates.authorityPem()));

    new CdiInstallation(context.api(), context.nodes(), context.random())
        .install(url, proxy.port(), certificates.authorityPem());
    context.optionalService(InstalledOperators.class).ifPresent(operators -> {
      operators.operator(CdiNames.NAMESPACE, "cdi-operator-");
      operators.aggregatedApi("upload.cdi.kubevirt.io/v1beta1", CdiNames.NAMESPACE, "cdi-apiserver-");
    });
    new CdiConfigController(context.api()).start(context);
    new DataVolumeController(context.api(), context.optionalService(EventRecorder.class).orElse(null))
        .start(context);
    new UploadController(context.api()).start(context);
    new ImportController(context.api()).start(context);
    new CdiWorkerPods(context, servers, processor, executor).start(context);
  }
}
