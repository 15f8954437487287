package dev.edgevm.storage.cdi;

import dev.edgevm.storage.image.FilesystemOverhead;
import java.util.List;
import java.util.Optional;

/**
 * The cluster's CDI as uploads need it: where its upload proxy is, the filesystem overhead it
 * applies, and where it may place its upload pods. The runbook's CPU-manager workaround (edit the
 * pending upload pod to tolerate the {@code cmk} taint) becomes one opt-in call:
 *
 * <pre>{@code
 * Cdi cdi = EdgeStorage.of(edge).cdi();
 * for (NodeTaint taint : cdi.untoleratedTaints()) {   // e.g. cmk:NoSchedule on node03
 *     cdi.tolerate(taint);                            // CDI CR spec.workload.tolerations
 * }
 * }</pre>
 */
public interface Cdi {

    /** Whether CDI is installed: its CDIConfig {@code config} exists. */
    boolean installed();

    /** CDIConfig's {@code status.uploadProxyURL}, as CDI publishes it (often a host without a scheme). */
    Optional<String> uploadProxyUrl();

    /** CDIConfig's filesystem overhead for the storage class (its own value, else the global one, else CDI's default). */
    FilesystemOverhead filesystemOverhead(String storageClass);

    /**
     * The node taints (NoSchedule and NoExecute) that CDI's upload and import pods do not tolerate,
     * given the CDI CR's {@code spec.workload.tolerations}: on those nodes an upload stays Pending.
     * Only nodes that could take a new disk count: not cordoned, and matching the CR's workload
     * node selector and required node affinity. Taints Kubernetes manages
     * ({@link NodeTaint#kubernetesManaged()}: a node not ready or unreachable, a control-plane
     * role, ...) are not listed: they are not CDI's to tolerate.
     */
    List<NodeTaint> untoleratedTaints();

    /**
     * Adds a toleration of {@code taint} to the CDI CR's {@code spec.workload.tolerations}, so the
     * pods CDI creates from now on may run on nodes with it. Re-reads and retries on conflicts;
     * does nothing if CDI already tolerates it. Pods CDI created before keep their placement (CDI
     * does not change them): run the upload again.
     *
     * @return whether the CR was changed
     */
    boolean tolerate(NodeTaint taint);
}
