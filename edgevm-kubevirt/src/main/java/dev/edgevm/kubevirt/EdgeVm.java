package dev.edgevm.kubevirt;

import dev.edgevm.kubevirt.doctor.Doctor;
import dev.edgevm.kubevirt.internal.DefaultEdgeVm;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.function.Consumer;

/**
 * The entry point: a connection to one cluster. Thread-safe; close it when done (it stops the
 * watches it shares among waiters, and the client it created).
 *
 * <pre>{@code
 * try (EdgeVm edge = EdgeVm.connect()) {
 *     DeployedVm vm = edge.vms().deploy(spec);
 *     vm.await().running(Duration.ofMinutes(5));
 * }
 * }</pre>
 */
public interface EdgeVm extends AutoCloseable {

    /** Connects as fabric8 resolves it: {@code $KUBECONFIG} or {@code ~/.kube/config} (current context), or in-cluster. */
    static EdgeVm connect() {
        return DefaultEdgeVm.connect(ConnectOptions.builder().build());
    }

    /**
     * Connects with a kubeconfig file, context, namespace or retry policy of your choice.
     *
     * @throws dev.edgevm.core.InvalidSpecException when a context is named that the kubeconfig lacks,
     *     naming the contexts it has (fabric8 alone would fall back to its current context)
     */
    static EdgeVm connect(Consumer<ConnectOptions.Builder> options) {
        ConnectOptions.Builder b = ConnectOptions.builder();
        options.accept(b);
        return DefaultEdgeVm.connect(b.build());
    }

    /** Uses a client you own; closing the EdgeVm does not close it. */
    static EdgeVm using(KubernetesClient client) {
        return DefaultEdgeVm.using(client, RetryConfig.defaults());
    }

    /** Uses a client you own, with this retry policy. */
    static EdgeVm using(KubernetesClient client, RetryConfig retry) {
        return DefaultEdgeVm.using(client, retry);
    }

    /** The VMs of the default namespace. */
    Vms vms();

    /** The default namespace: the one given, or the kubeconfig context's, or {@code default}. */
    String namespace();

    /**
     * The runbook's troubleshooting as checks, looking at this namespace's VMs; modules on the
     * classpath add theirs. {@code edge.doctor().run().problems()}.
     */
    default Doctor doctor() {
        return adapt(Doctor.class);
    }

    /** The underlying fabric8 client, for what the SDK does not cover. */
    KubernetesClient kubernetesClient();

    /**
     * A capability from another edgevm module on the classpath, e.g. {@code EdgeStorage} from
     * edgevm-storage; one instance per EdgeVm.
     *
     * @throws IllegalArgumentException if no module on the classpath provides {@code type}
     */
    <T> T adapt(Class<T> type);

    @Override
    void close();
}
