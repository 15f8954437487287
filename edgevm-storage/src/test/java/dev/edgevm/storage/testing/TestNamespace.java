package dev.edgevm.storage.testing;

import dev.edgevm.embedded.ClusterRequest;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A namespace of its own for one test on a cluster several tests share, with an SDK instance (and
 * client) whose default namespace it is: what one test does and counts is apart from the others.
 * Closing deletes the namespace and everything in it.
 */
public final class TestNamespace implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final EmbeddedEdgeCluster cluster;
    private final String name;
    private final KubernetesClient client;
    private final EdgeVm edge;

    private TestNamespace(EmbeddedEdgeCluster cluster, String name) {
        this.cluster = cluster;
        this.name = name;
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        this.client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(cluster.config()).withNamespace(name).build()).build();
        this.edge = EdgeVm.using(client);
    }

    /** A new namespace {@code <prefix>-<n>}. */
    public static TestNamespace create(EmbeddedEdgeCluster cluster, String prefix) {
        return new TestNamespace(cluster, prefix + "-" + COUNTER.incrementAndGet());
    }

    public String name() {
        return name;
    }

    /** The SDK, on a client of its own, with this namespace as its default. */
    public EdgeVm edge() {
        return edge;
    }

    /**
     * Requests since the cluster's last {@code requests().reset()} that are this test's: those in this
     * namespace, and those to cluster-scoped objects (volumes, nodes, ...), which only the test running
     * now makes.
     */
    public long requests(Predicate<ClusterRequest> matching) {
        return cluster.requests().count(r -> (r.namespace() == null || name.equals(r.namespace())) && matching.test(r));
    }

    @Override
    public void close() {
        edge.close();
        client.close();
        cluster.client().namespaces().withName(name).delete();
    }
}
