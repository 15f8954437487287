package dev.edgevm.kubevirt.internal;

import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.ConnectOptions;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.RetryConfig;
import dev.edgevm.kubevirt.Vms;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.kubevirt.spi.DeployExtension;
import dev.edgevm.kubevirt.spi.EdgeVmExtension;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The EdgeVm implementation: one client, one retry policy, shared informers, extensions from the classpath. */
public final class DefaultEdgeVm implements EdgeVm, ClusterAccess {

    private final KubernetesClient client;
    private final boolean ownsClient;
    private final ClusterCalls calls;
    private final SharedInformers informers;
    private final ExecutorService background = Executors.newCachedThreadPool(daemonThreads("edgevm-background"));
    private final Clock clock;
    private final List<DeployExtension> deployExtensions;
    private final Map<Class<?>, Object> adapted = new ConcurrentHashMap<>();

    private DefaultEdgeVm(KubernetesClient client, boolean ownsClient, RetryConfig retry) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.calls = new ClusterCalls(retry);
        this.informers = new SharedInformers(client, calls, background, SharedInformers.START_TIMEOUT);
        this.clock = Clock.systemUTC();
        this.deployExtensions = ServiceLoader.load(DeployExtension.class).stream()
                .map(ServiceLoader.Provider::get).collect(Collectors.toList());
    }

    public static EdgeVm connect(ConnectOptions options) {
        Config config = options.kubeconfig()
                .map(file -> Config.fromKubeconfig(options.context().orElse(null), file.toFile()))
                .orElseGet(() -> Config.autoConfigure(options.context().orElse(null)));
        options.context().ifPresent(context -> requireContext(config, context, options));
        // The SDK's retry policy is the only one: fabric8's own request retries are off. Watches
        // re-list and re-watch on their own, backing off from the policy's first delay (to 32x it).
        config.setRequestRetryBackoffLimit(0);
        config.setWatchReconnectInterval((int) options.retry().initialDelay().toMillis());
        config.setWatchReconnectLimit(-1);
        options.namespace().ifPresent(config::setNamespace);
        return new DefaultEdgeVm(new KubernetesClientBuilder().withConfig(config).build(), true, options.retry());
    }

    /**
     * fabric8 falls back to the current context when the one named is not in the kubeconfig: a
     * mistyped name would reach another cluster, where a purge deletes disks.
     */
    private static void requireContext(Config config, String context, ConnectOptions options) {
        NamedContext current = config.getCurrentContext();
        if (current != null && context.equals(current.getName())) {
            return;
        }
        List<String> names = config.getContexts() == null ? List.of()
                : config.getContexts().stream().map(NamedContext::getName).filter(Objects::nonNull).sorted().toList();
        String where = options.kubeconfig().map(file -> "in " + file)
                .orElse("in the kubeconfig ($KUBECONFIG, ~/.kube/config)");
        throw InvalidSpecException.of("connection", "context", "no context '" + context + "' " + where
                + (names.isEmpty() ? ", which has no contexts" : "; its contexts: " + String.join(", ", names)));
    }

    public static EdgeVm using(KubernetesClient client, RetryConfig retry) {
        // A derived client shares the caller's connections but not its retries, so requests are retried once, here.
        RequestConfig noRetries = new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
                .withRequestRetryBackoffLimit(0)
                .withWatchReconnectInterval((int) retry.initialDelay().toMillis())
                .withWatchReconnectLimit(-1)
                .build();
        return new DefaultEdgeVm(client.newClient(noRetries).adapt(KubernetesClient.class), false, retry);
    }

    @Override
    public Vms vms() {
        return new DefaultVms(this, namespace());
    }

    @Override
    public String namespace() {
        String ns = client.getNamespace();
        return ns == null || ns.isEmpty() ? "default" : ns;
    }

    @Override
    public KubernetesClient kubernetesClient() {
        return client;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> T adapt(Class<T> type) {
        return (T) adapted.computeIfAbsent(type, t -> ServiceLoader.load(EdgeVmExtension.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(e -> e.type().equals(t))
                .findFirst()
                .map(e -> ((EdgeVmExtension) e).create(this, this))
                .orElseThrow(() -> new IllegalArgumentException("no edgevm module on the classpath provides " + t.getName()
                        + " (add the module that does, e.g. edgevm-storage or edgevm-sriov)")));
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public <T> T call(String action, ObjectRef object, Supplier<T> request) {
        return calls.call(action, object, request);
    }

    @Override
    public void run(String action, ObjectRef object, Runnable request) {
        calls.run(action, object, request);
    }

    @Override
    public <T> T onConflict(Supplier<T> readChangeWrite) {
        return calls.policies().onConflict(readChangeWrite);
    }

    @Override
    public <T extends HasMetadata> Optional<T> cached(Class<T> type, String namespace, String name) {
        return informers.cached(type, namespace, name);
    }

    @Override
    public <T extends HasMetadata> List<T> cachedList(Class<T> type, String namespace) {
        return informers.cachedList(type, namespace);
    }

    @Override
    public AutoCloseable onChange(Class<? extends HasMetadata> type, String namespace, String name, Runnable onChange) {
        return informers.onChange(type, namespace, name, onChange);
    }

    /** This client created the object: until the informer shows it, waiters wait for it rather than read it from the server. */
    void expectCreated(Class<? extends HasMetadata> type, String namespace, String name) {
        informers.expectCreated(type, namespace, name);
    }

    void forgetCreated(Class<? extends HasMetadata> type, String namespace, String name) {
        informers.forgetCreated(type, namespace, name);
    }

    boolean createdButUnseen(Class<? extends HasMetadata> type, String namespace, String name) {
        return informers.createdButUnseen(type, namespace, name);
    }

    SharedInformers informers() {
        return informers;
    }

    /** Where slow work runs that must not hold up watch threads or timers: informer starts, reads of waits. */
    Executor background() {
        return background;
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    List<DeployExtension> deployExtensions() {
        return deployExtensions;
    }

    ClusterCalls calls() {
        return calls;
    }

    Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        informers.close();
        background.shutdownNow();
        adapted.values().forEach(a -> {
            if (a instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing is best effort; the client is closed next regardless
                }
            }
        });
        if (ownsClient) {
            client.close();
        }
    }
}
