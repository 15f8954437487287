package dev.edgevm.storage.snapshot.internal;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.kubevirt.model.export.VirtualMachineExportLink;
import dev.edgevm.kubevirt.model.export.VirtualMachineExportLinks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Which of a VirtualMachineExport's links a download uses. The internal link names the export's
 * Service ({@code virt-export-<name>.<ns>.svc}), which only clients inside the cluster reach; the
 * external one goes through KubeVirt's export proxy, and exists only once that proxy is exposed
 * (an Ingress or Route). A client outside the cluster takes the external link, and is told what
 * to do when there is none, rather than failing later to resolve a Service name.
 */
final class ExportLinks {

    private static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    private ExportLinks() {}

    /** Whether this process runs in a pod of a cluster (the environment and service account every pod gets). */
    static boolean runningInCluster() {
        String host = System.getenv("KUBERNETES_SERVICE_HOST");
        return host != null && !host.isBlank() && Files.exists(SERVICE_ACCOUNT_TOKEN);
    }

    /**
     * The external link; the internal one only from inside the cluster.
     *
     * @param export {@code namespace/name}, for the message
     * @throws EdgeVmException when only the internal link exists and this client is outside the cluster
     */
    static VirtualMachineExportLink choose(VirtualMachineExportLinks links, boolean inCluster, String export) {
        Objects.requireNonNull(links, "links");
        if (links.external() != null) {
            return links.external();
        }
        if (links.internal() != null && inCluster) {
            return links.internal();
        }
        if (links.internal() == null) {
            throw new EdgeVmException("VirtualMachineExport " + export + " is Ready but offers no link to download from");
        }
        throw new EdgeVmException("VirtualMachineExport " + export + " offers only an internal link, to its Service inside the cluster,"
                + " which this client (outside the cluster) cannot reach: KubeVirt publishes an external link once its export proxy"
                + " (Service virt-exportproxy in KubeVirt's namespace) is exposed by an Ingress or Route; expose it, or run the export"
                + " from a pod in the cluster");
    }
}
