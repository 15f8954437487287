package dev.edgevm.embedded.internal.runtime;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.api.ObjectListener;
import dev.edgevm.embedded.internal.api.ObjectStore;
import dev.edgevm.embedded.internal.api.ResourceCatalog;
import dev.edgevm.embedded.internal.api.ResourceType;
import dev.edgevm.embedded.internal.api.Routes;
import dev.edgevm.embedded.internal.nodes.NodeRegistry;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link ClusterComponent} works with: the store and the in-process API, the routes of the
 * API server, the nodes, the seeded randomness, shared timers, and a registry of services
 * components offer each other (the pod scheduler, the event recorder, ...).
 */
public final class ClusterContext implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterContext.class);

  private final ClusterSettings settings;
  private final ObjectStore store;
  private final ClusterApi api;
  private final Routes routes;
  private final NodeRegistry nodes;
  private final SeededRandom random;
  private final ScheduledExecutorService timers;
  private final Path workDir;
  private final Supplier<String> masterUrl;
  private final Map<Class<?>, Object> services = new ConcurrentHashMap<>();
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

  public ClusterContext(ClusterSettings settings, ObjectStore store, Routes routes, NodeRegistry nodes,
      SeededRandom random, ScheduledExecutorService timers, Path workDir, Supplier<String> masterUrl) {
    this.settings = settings;
    this.store = store;
    this.api = new ClusterApi(store);
    this.routes = routes;
    this.nodes = nodes;
    this.random = random;
    this.timers = timers;
    this.workDir = workDir;
    this.masterUrl = masterUrl;
  }

  public ClusterSettings settings() {
    return settings;
  }

  public ResourceCatalog catalog() {
    return store.catalog();
  }

  /** Registers a resource type (a CRD) so the API server serves it. */
  public ResourceType register(ResourceType type) {
    return store.catalog().register(type);
  }

  public ObjectStore store() {
    return store;
  }

  /** Reads and writes objects in-process: not counted, never faulted. */
  public ClusterApi api() {
    return api;
  }

  /** Calls the listener, synchronously and in store order, for every change of the type. */
  public void subscribe(ResourceType type, ObjectListener listener) {
    store.subscribe(type, listener);
  }

  /** Extra HTTP handlers of the API server (aggregated APIs, discovery). */
  public Routes routes() {
    return routes;
  }

  public NodeRegistry nodes() {
    return nodes;
  }

  public SeededRandom random() {
    return random;
  }

  /** Shared timer thread for delayed work; tasks must be short. */
  public ScheduledExecutorService timers() {
    return timers;
  }

  /** A directory of this cluster, deleted when it closes. */
  public Path workDir() {
    return workDir;
  }

  /**
   * The API server's URL (for objects that point clients at it). The server starts listening while
   * the components start: this waits for it, so ask only when the URL is needed.
   */
  public String masterUrl() {
    return masterUrl.get();
  }

  /** Starts a controller loop with one worker; stopped when the cluster closes. */
  public <K> ControllerLoop<K> controller(String name, Reconciler<K> reconciler) {
    return controller(name, reconciler, 1);
  }

  public <K> ControllerLoop<K> controller(String name, Reconciler<K> reconciler, int workers) {
    return onClose(new ControllerLoop<>(name, reconciler, timers, workers));
  }

  /** Closes the resource when the cluster closes (in reverse order of registration). */
  public <T extends AutoCloseable> T onClose(T resource) {
    synchronized (closeables) {
      closeables.push(resource);
    }
    return resource;
  }

  /** Offers a service to other components, e.g. {@code provide(PodScheduler.class, scheduler)}. */
  public <T> T provide(Class<T> type, T service) {
    services.put(type, service);
    return service;
  }

  /** A service an earlier component (or the builder) provided, if any. */
  public <T> java.util.Optional<T> optionalService(Class<T> type) {
    return java.util.Optional.ofNullable(type.cast(services.get(type)));
  }

  /** A service an earlier component provided. */
  public <T> T service(Class<T> type) {
    Object service = services.get(type);
    if (service == null) {
      throw new IllegalStateException("no component provides " + type.getSimpleName());
    }
    return type.cast(service);
  }

  @Override
  public void close() {
    while (true) {
      AutoCloseable next;
      synchronized (closeables) {
        next = closeables.poll();
      }
      if (next == null) {
        return;
      }
      try {
        next.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed", next, e);
      }
    }
  }
}
