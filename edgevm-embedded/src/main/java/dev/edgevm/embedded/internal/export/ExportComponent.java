package dev.edgevm.embedded.internal.export;

import dev.edgevm.embedded.internal.https.HttpsServer;
import dev.edgevm.embedded.internal.runtime.ClusterComponent;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.storage.VolumeDirectories;
import dev.edgevm.embedded.internal.tls.ClusterCertificates;
import java.net.InetAddress;

/**
 * KubeVirt's VM export: the VirtualMachineExport controller and an HTTPS server standing for
 * virt-exportproxy and the exporter pods, with the cluster's CA. Offers {@link ExportEndpoint}.
 */
public final class ExportComponent implements ClusterComponent {

  @Override
  public void start(ClusterContext context) {
    ClusterCertificates certificates = context.optionalService(ClusterCertificates.class)
        .orElseGet(ClusterCertificates::shared);
    HttpsServer server = context.onClose(HttpsServer.start("edgevm-exportproxy", certificates::serverContext,
        InetAddress.getLoopbackAddress(), new ExportDownloads(context.api(), context.service(VolumeDirectories.class)),
        16));
    String base = "https://127.0.0.1:" + server.port();
    context.provide(ExportEndpoint.class, new ExportEndpoint(base));
    new VmExportController(context.api(), base, certificates.authorityPem()).start(context);
  }
}
