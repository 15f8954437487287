package dev.edgevm.embedded;

import dev.edgevm.embedded.internal.api.ApiServer;
import dev.edgevm.embedded.internal.api.ApiWebServer;
import dev.edgevm.embedded.internal.api.ObjectStore;
import dev.edgevm.embedded.internal.api.ResourceCatalog;
import dev.edgevm.embedded.internal.api.Routes;
import dev.edgevm.embedded.internal.api.watch.WatchHub;
import dev.edgevm.embedded.internal.assembly.Components;
import dev.edgevm.embedded.internal.catalog.Catalog;
import dev.edgevm.embedded.internal.catalog.SnapshotTypes;
import dev.edgevm.embedded.internal.cdi.CdiEndpoints;
import dev.edgevm.embedded.internal.cdi.ConversionSettings;
import dev.edgevm.embedded.internal.cdi.UploadProxySettings;
import dev.edgevm.embedded.internal.jobs.CommandAllowlist;
import dev.edgevm.embedded.internal.jobs.JobSettings;
import dev.edgevm.embedded.internal.disk.QemuImg;
import dev.edgevm.embedded.internal.export.ExportComponent;
import dev.edgevm.embedded.internal.faults.FaultInjector;
import dev.edgevm.embedded.internal.faults.RequestLog;
import dev.edgevm.embedded.internal.kubeconfig.Kubeconfig;
import dev.edgevm.embedded.internal.nodes.NodeRegistry;
import dev.edgevm.embedded.internal.runtime.ClusterComponent;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.runtime.ClusterSettings;
import dev.edgevm.embedded.internal.runtime.QuietLogging;
import dev.edgevm.embedded.internal.runtime.SeededRandom;
import dev.edgevm.embedded.internal.runtime.TempFiles;
import dev.edgevm.embedded.internal.tls.ClusterCertificates;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A simulated KubeVirt + CDI edge cluster in this JVM: fabric8's mock API server in CRUD mode
 * with controllers that act like KubeVirt's, CDI's, the scheduler's and the kubelet's, reached
 * through a real HTTP API with any Kubernetes client (or kubectl, see {@link #writeKubeconfig}).
 *
 * <pre>{@code
 * try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder()
 *         .nodes(3)
 *         .node("node01", n -> n.allocatable("intel.com/intel_sriov_vm", "1"))
 *         .start()) {
 *     KubernetesClient client = cluster.client();
 *     ...
 * }
 * }</pre>
 *
 * <p>Closing stops every thread the cluster started and deletes its temporary files.
 */
public final class EmbeddedEdgeCluster implements AutoCloseable {

  private static final String DEFAULT_NAMESPACE = "default";

  private final KubernetesMockServer server;
  private final WatchHub watches;
  private final ClusterContext context;
  private final ScheduledExecutorService timers;
  private final TempFiles temp;
  private final FaultInjector faults;
  private final RequestLog requests;
  private KubernetesClient client;
  private final long seed;
  private volatile boolean closed;

  private EmbeddedEdgeCluster(Builder builder) {
    QuietLogging.apply();
    ClusterCertificates.prepare();  // made while the API server starts
    // Vert.x (the API server's transport) comes up on a thread of its own while the store loads Jackson
    CompletableFuture<ApiWebServer> transport = onOwnThread("edgevm-api-transport", ApiWebServer::new);
    this.seed = builder.seed;
    ClusterSettings settings = new ClusterSettings(builder.seed, new ArrayList<>(builder.nodes.values()),
        builder.unpullableImages, builder.namespaces, builder.stuckNamespaces);
    SeededRandom random = new SeededRandom(builder.seed);
    ResourceCatalog catalog = Catalog.standard();
    this.watches = new WatchHub();
    ObjectStore store = new ObjectStore(catalog, watches, random);
    Routes routes = new Routes();
    this.requests = new RequestLog();
    this.faults = new FaultInjector(random, watches);
    this.server = new KubernetesMockServer(new Context(), await(transport), new HashMap<>(),
        new ApiServer(store, routes, requests, faults, watches), false);
    this.temp = new TempFiles();
    this.timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "edgevm-timers");
      thread.setDaemon(true);
      return thread;
    });
    ClusterContext started = null;
    // the server starts listening while the components start: they use the store in-process
    CompletableFuture<String> listening = onOwnThread("edgevm-api-listen", () -> {
      server.start(InetAddress.getLoopbackAddress(), 0);
      return masterUrlOf(server);
    });
    try {
      // the process id in the name tells whose leftovers a directory would be
      Path workDir = temp.createDirectory("edgevm-cluster-" + ProcessHandle.current().pid() + "-");
      NodeRegistry nodes = new NodeRegistry(settings.nodes(), workDir.resolve("nodes"));
      started = new ClusterContext(settings, store, routes, nodes, random, timers, workDir, () -> await(listening));
      started.provide(FaultInjector.class, faults);
      started.provide(RequestLog.class, requests);
      for (Consumer<ClusterContext> preparation : builder.preparations) {
        preparation.accept(started);
      }
      for (ClusterComponent component : builder.components) {
        component.start(started);
      }
      for (ClusterComponent component : builder.components) {
        component.started(started);
      }
      builder.faultSettings.forEach(settingsOf -> settingsOf.accept(faults));
      await(listening);
      this.context = started;
    } catch (Exception | Error e) {
      if (started != null) {
        started.close();
      }
      listening.handle((url, failure) -> null).join(); // not shut down while it is still starting
      stopInfrastructure();
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("the embedded cluster failed to start: " + e.getMessage(), e);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A client connected to this cluster, owned by it: do not close it, the cluster does. */
  public synchronized KubernetesClient client() {
    if (closed) {
      throw new IllegalStateException("the embedded cluster is closed");
    }
    if (client == null) {
      client = newClient();
    }
    return client;
  }

  /** A new client connected to this cluster; the caller owns and closes it. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(config()).build();
  }

  /** A fresh client configuration for this cluster, to build clients with other settings. */
  public Config config() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(masterUrl())
        .withNamespace(DEFAULT_NAMESPACE)
        .withOauthToken("edgevm-embedded")
        .withHttp2Disable(true)
        .build();
  }

  /** The API server's URL, e.g. {@code http://127.0.0.1:38211/}. */
  public String masterUrl() {
    return masterUrlOf(server);
  }

  /**
   * Writes a kubeconfig for this cluster (kubectl, k9s, other SDKs can use it) and returns the
   * path. The file belongs to the caller: closing the cluster leaves it.
   */
  public Path writeKubeconfig(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return Files.writeString(file, Kubeconfig.yaml(masterUrl(), DEFAULT_NAMESPACE), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write kubeconfig " + file, e);
    }
  }

  /**
   * The real directory standing for the node's root filesystem: the node path {@code /var/vd/vol3}
   * is {@code nodeRoot(node).resolve("var/vd/vol3")}.
   *
   * @throws IllegalArgumentException when there is no such node
   */
  public Path nodeRoot(String node) {
    return context.nodes().root(node);
  }

  /** The node names, in order: node01, node02, ... */
  public List<String> nodeNames() {
    return context.nodes().names();
  }

  /**
   * The URL of CDI's upload proxy, e.g. {@code https://127.0.0.1:40123}: what CDIConfig's
   * {@code status.uploadProxyURL} says. Uploads go to {@code <url>/v1beta1/upload-async} with a
   * token from an UploadTokenRequest.
   */
  public String uploadProxyUrl() {
    return context.service(CdiEndpoints.class).uploadProxyUrl();
  }

  /**
   * The PEM certificate of the authority the cluster's HTTPS endpoints (the upload proxy, VM
   * exports) chain to: what CDIConfig's {@code status.uploadProxyCA} and the
   * {@code cdi/cdi-uploadproxy-signer-bundle} ConfigMap publish. Verify TLS against it.
   */
  public String certificateAuthorityPem() {
    return context.service(CdiEndpoints.class).certificateAuthorityPem();
  }

  /** Fault injection into client requests (never into the cluster's own controllers). */
  public Faults faults() {
    return faults;
  }

  /** The client requests the API server received. */
  public ClusterRequests requests() {
    return requests;
  }

  /** The seed all names, addresses and faults derive from. */
  public long seed() {
    return seed;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      context.close();
      stopInfrastructure();
    } finally {
      // the client goes last: its connections (open watches too) are closed by the server while its
      // event loops still run; closed first, Netty logs a shutdown race as the server answers
      // the closing of its watches
      synchronized (this) {
        if (client != null) {
          client.close();
        }
      }
    }
  }

  private void stopInfrastructure() {
    try {
      timers.shutdownNow();
      watches.close();
      server.shutdown();
    } finally {
      temp.close();
    }
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime
          : new IllegalStateException("the embedded cluster's API server failed to start: " + e.getCause(), e.getCause());
    }
  }

  /** Runs {@code work} on a short-lived daemon thread of its own. */
  private static <T> CompletableFuture<T> onOwnThread(String name, Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        result.complete(work.get());
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e);
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
    return result;
  }

  private static String masterUrlOf(KubernetesMockServer server) {
    return "http://127.0.0.1:" + server.getPort() + "/";
  }

  /** Configures and starts an embedded cluster. Defaults: one node, seed 0. */
  public static final class Builder {

    private final Map<String, NodeOptions> nodes = new LinkedHashMap<>();
    private final Set<String> unpullableImages = new LinkedHashSet<>();
    private final List<String> namespaces = new ArrayList<>();
    private final List<String> stuckNamespaces = new ArrayList<>();
    private final List<Consumer<Faults>> faultSettings = new ArrayList<>();
    private final List<ClusterComponent> components = new ArrayList<>(Components.standard());
    /** Settings handed to components as services before they start. */
    private final List<Consumer<ClusterContext>> preparations = new ArrayList<>();
    private long seed;
    private boolean nodesSet;

    private Builder() {
    }

    /**
     * Makes the cluster have exactly {@code count} nodes named node01, node02, ... (nodes
     * configured by name before keep their settings).
     *
     * @throws IllegalArgumentException when count is below 1
     */
    public Builder nodes(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("nodes must be >= 1, was " + count);
      }
      nodesSet = true;
      Map<String, NodeOptions> numbered = new LinkedHashMap<>();
      for (int i = 1; i <= count; i++) {
        String name = String.format("node%02d", i);
        numbered.put(name, nodes.getOrDefault(name, new NodeOptions(name)));
      }
      nodes.entrySet().removeIf(e -> e.getKey().matches("node\\d+"));
      Map<String, NodeOptions> others = new LinkedHashMap<>(nodes);
      nodes.clear();
      nodes.putAll(numbered);
      nodes.putAll(others);
      return this;
    }

    /** Configures one node, creating it when absent (any DNS-label name). */
    public Builder node(String name, Consumer<NodeOptions> configuration) {
      Objects.requireNonNull(name, "name");
      if (!name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
        throw new IllegalArgumentException("node name must be a DNS label (lower case letters, digits, '-'), was "
            + name);
      }
      configuration.accept(nodes.computeIfAbsent(name, NodeOptions::new));
      return this;
    }

    /** Pods using this container image fail to pull it: ErrImagePull, then ImagePullBackOff. */
    public Builder unpullableImage(String image) {
      unpullableImages.add(Objects.requireNonNull(image, "image"));
      return this;
    }

    /** The seed all randomness (generated names, addresses, faults) derives from. Default 0. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Creates the namespace at start. */
    public Builder namespace(String name) {
      namespaces.add(Objects.requireNonNull(name, "name"));
      return this;
    }

    /**
     * Makes the namespace Terminating and stuck so, once the cluster is installed, until its
     * finalizers are cleared through {@code PUT /api/v1/namespaces/<name>/finalize} (the runbook's
     * troubleshooting item 4).
     *
     * <ul>
     *   <li>{@code kubevirt} and {@code cdi} are removed in the runbook's wrong order: KubeVirt or CDI
     *       is installed, its operator's pods are deleted, then the namespace. What only the operator
     *       would clean up holds it: for kubevirt the KubeVirt object's finalizer
     *       ({@code foregroundDeleteKubeVirt}); for both, the aggregated API their deleted pods served
     *       ({@code subresources.kubevirt.io}, {@code upload.cdi.kubevirt.io}), whose failing
     *       discovery keeps every namespace being deleted Terminating, as on a real cluster.</li>
     *   <li>Any other namespace is created and held by a ConfigMap whose finalizer no controller
     *       removes.</li>
     * </ul>
     *
     * <p>The namespace is Terminating when {@link #start()} returns; the namespace controller adds
     * its conditions ({@code NamespaceFinalizersRemaining}, ...) moments later.
     */
    public Builder stuckNamespace(String name) {
      stuckNamespaces.add(Objects.requireNonNull(name, "name"));
      return this;
    }

    /**
     * How long CDI's upload proxy waits for a claim's upload pod to become ready before it answers
     * 503 (default 2 seconds; the real proxy waits 10).
     *
     * @throws IllegalArgumentException when negative
     */
    public Builder uploadProxyReadyWait(Duration wait) {
      if (wait == null || wait.isNegative()) {
        throw new IllegalArgumentException("uploadProxyReadyWait must be >= 0, was " + wait);
      }
      preparations.add(context -> context.provide(UploadProxySettings.class, new UploadProxySettings(wait)));
      return this;
    }

    /**
     * Lets Jobs and pinned pods run these commands too, on top of {@code qemu-img}, {@code rm},
     * {@code cp}, {@code mv}, {@code truncate}, {@code dd}, {@code sha256sum}, {@code stat},
     * {@code ls}, {@code mkdir} and {@code sync}. Commands are plain file names found on this
     * machine's PATH; shells and commands that run other commands are refused.
     *
     * @throws IllegalArgumentException for a name with a slash, a shell, or such a command
     */
    public Builder allowJobCommands(String... commands) {
      Set<String> extra = new LinkedHashSet<>(Arrays.asList(commands));
      CommandAllowlist.withExtra(extra);
      preparations.add(context -> {
        Set<String> all = new LinkedHashSet<>(context.optionalService(JobSettings.class)
            .map(JobSettings::extraCommands).orElse(Set.of()));
        all.addAll(extra);
        context.provide(JobSettings.class, new JobSettings(all));
      });
      return this;
    }

    /**
     * The qemu-img CDI's upload processing runs to convert qcow2 (and other formats) to raw;
     * default: {@code qemu-img} on the PATH, if there is one. Jobs find their commands on the PATH.
     *
     * @throws IllegalArgumentException when it is not an executable file
     */
    public Builder qemuImg(Path executable) {
      if (executable == null || !Files.isRegularFile(executable) || !Files.isExecutable(executable)) {
        throw new IllegalArgumentException("qemuImg must be an executable file, was " + executable);
      }
      preparations.add(context -> context.provide(ConversionSettings.class,
          ConversionSettings.with(QemuImg.at(executable))));
      return this;
    }

    /**
     * Uploads are processed as on a machine without qemu-img: images that need converting are
     * stored as uploaded and their claim is annotated {@code embedded.edgevm.dev/conversion-skipped}.
     */
    public Builder withoutQemuImg() {
      preparations.add(context -> context.provide(ConversionSettings.class, ConversionSettings.withoutQemuImg()));
      return this;
    }

    /**
     * Leaves KubeVirt's VM export API out, as a KubeVirt that does not serve it: no
     * {@code export.kubevirt.io} group in discovery, no VirtualMachineExport CRD, 404 on its paths,
     * no export server.
     */
    public Builder withoutVmExports() {
      components.removeIf(ExportComponent.class::isInstance);
      preparations.add(context -> context.catalog().unregister(SnapshotTypes.VM_EXPORTS));
      return this;
    }

    /** Fault injection from the start, e.g. {@code faults(f -> f.rate(0.05))}. */
    public Builder faults(Consumer<Faults> settings) {
      faultSettings.add(Objects.requireNonNull(settings, "settings"));
      return this;
    }

    /** Starts the cluster; returns once the API server answers and the nodes are Ready. */
    public EmbeddedEdgeCluster start() {
      if (!nodesSet && nodes.keySet().stream().noneMatch(n -> n.matches("node\\d+"))) {
        nodes(1);
      }
      return new EmbeddedEdgeCluster(this);
    }
  }
}
