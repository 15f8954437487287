package dev.edgevm.cli.cluster;

import dev.edgevm.cli.options.ClusterOptions;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;

/**
 * How commands reach a cluster. The standard one follows the options (kubeconfig and context, or
 * {@code --embedded}); {@link #to(EmbeddedEdgeCluster)} points every command at one running
 * embedded cluster, for tests and for walking several commands through the same cluster.
 */
@FunctionalInterface
public interface ClusterConnector {

    /** Nodes of the cluster {@code --embedded} starts: as many as the runbook's demo uses. */
    int EMBEDDED_NODES = 3;

    Session connect(ClusterOptions options);

    static ClusterConnector standard() {
        return options -> {
            if (options.embedded()) {
                EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(EMBEDDED_NODES).start();
                return new Session(EdgeVm.using(cluster.client()), options.namespace(), cluster);
            }
            EdgeVm edge = EdgeVm.connect(o -> {
                options.kubeconfig().ifPresent(o::kubeconfig);
                options.context().ifPresent(o::context);
                o.namespace(options.namespace());
            });
            return new Session(edge, options.namespace(), null);
        };
    }

    /**
     * Every command talks to {@code cluster}, which stays up after the command; connection options
     * are not consulted. As with a kubeconfig, {@code -n} is the SDK's default namespace too (where
     * it runs its Jobs, for one).
     */
    static ClusterConnector to(EmbeddedEdgeCluster cluster) {
        return options -> new Session(EdgeVm.using(cluster.client().adapt(NamespacedKubernetesClient.class).inNamespace(options.namespace())),
                options.namespace(), null);
    }
}
