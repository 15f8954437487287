package dev.edgevm.samples;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a sample runs: the cluster of a kubeconfig when the arguments name one
 * ({@code --kubeconfig FILE}, {@code --context NAME}), otherwise an embedded edge cluster started
 * for the run and stopped after it; in the namespace {@code -n NS} (default {@code default}).
 * A sample may take options of its own besides these.
 */
final class SampleTarget implements AutoCloseable {

    static final String USAGE = "[--kubeconfig FILE] [--context NAME] [-n NAMESPACE]";

    private final EdgeVm edge;
    private final EmbeddedEdgeCluster cluster;
    private final Map<String, String> own;

    private SampleTarget(EdgeVm edge, EmbeddedEdgeCluster cluster, Map<String, String> own) {
        this.edge = edge;
        this.cluster = cluster;
        this.own = own;
    }

    static SampleTarget from(String[] args) {
        return from(args, cluster -> { });
    }

    /** As {@link #from(String[])}, with the embedded cluster (if one is started) set up by {@code embedded}. */
    static SampleTarget from(String[] args, Consumer<EmbeddedEdgeCluster.Builder> embedded) {
        return from(args, Map.of(), embedded);
    }

    /**
     * @param options the sample's own options: name to whether it takes a value ({@code --fix} does not)
     * @throws IllegalArgumentException for an unknown option, a missing value, or a context the kubeconfig lacks
     */
    static SampleTarget from(String[] args, Map<String, Boolean> options, Consumer<EmbeddedEdgeCluster.Builder> embedded) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].equals("-n") ? "--namespace" : args[i];
            boolean takesValue = List.of("--kubeconfig", "--context", "--namespace").contains(name) || options.getOrDefault(name, false);
            if (!takesValue && !options.containsKey(name)) {
                throw new IllegalArgumentException("unknown argument " + args[i] + "; use " + USAGE
                        + options.keySet().stream().map(o -> " [" + o + (options.get(o) ? " VALUE]" : "]")).reduce("", String::concat));
            }
            if (takesValue && i + 1 >= args.length) {
                throw new IllegalArgumentException("'" + args[i] + "' needs a value");
            }
            given.put(name, takesValue ? args[++i] : "");
        }
        String namespace = given.getOrDefault("--namespace", "default");
        Map<String, String> own = new LinkedHashMap<>(given);
        List.of("--kubeconfig", "--context", "--namespace").forEach(own::remove);
        Optional<Path> kubeconfig = Optional.ofNullable(given.get("--kubeconfig")).map(Path::of);
        Optional<String> context = Optional.ofNullable(given.get("--context"));
        if (kubeconfig.isEmpty() && context.isEmpty()) {
            EmbeddedEdgeCluster.Builder builder = EmbeddedEdgeCluster.builder();
            if (!namespace.equals("default")) {
                builder.namespace(namespace);
            }
            embedded.accept(builder);
            EmbeddedEdgeCluster cluster = builder.start();
            return new SampleTarget(EdgeVm.using(cluster.client().adapt(NamespacedKubernetesClient.class).inNamespace(namespace)), cluster, own);
        }
        context.ifPresent(name -> requireContext(kubeconfig, name));
        return new SampleTarget(EdgeVm.connect(o -> {
            kubeconfig.ifPresent(o::kubeconfig);
            context.ifPresent(o::context);
            o.namespace(namespace);
        }), null, own);
    }

    /**
     * The Kubernetes client takes the current context when the one named is not there: a mistyped
     * name would run the sample, and delete its VMs, on another cluster.
     */
    private static void requireContext(Optional<Path> kubeconfig, String name) {
        if (kubeconfig.isPresent() && !Files.isRegularFile(kubeconfig.get())) {
            throw new IllegalArgumentException("--kubeconfig: " + kubeconfig.get() + " does not exist");
        }
        Config config = kubeconfig.map(file -> Config.fromKubeconfig(null, file.toFile())).orElseGet(() -> Config.autoConfigure(null));
        List<String> contexts = config.getContexts() == null ? List.of() : config.getContexts().stream().map(NamedContext::getName).toList();
        if (!contexts.contains(name)) {
            throw new IllegalArgumentException("--context: the kubeconfig has no context '" + name + "'"
                    + (contexts.isEmpty() ? "" : "; its contexts: " + String.join(", ", contexts)));
        }
    }

    EdgeVm edge() {
        return edge;
    }

    /** The embedded cluster, when the sample runs on one. */
    Optional<EmbeddedEdgeCluster> embedded() {
        return Optional.ofNullable(cluster);
    }

    /** The value of one of the sample's own options ("" for one without value), if given. */
    Optional<String> option(String name) {
        return Optional.ofNullable(own.get(name));
    }

    @Override
    public void close() {
        edge.close();
        if (cluster != null) {
            cluster.close();
        }
    }
}
