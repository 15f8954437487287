package dev.edgevm.embedded.internal.api;

import dev.edgevm.embedded.internal.api.watch.WatchHub;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.runtime.SeededRandom;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API server's storage: fabric8's CRUD dispatcher, whose POST/PUT/PATCH handlers keep the
 * Kubernetes metadata rules (uid, generation, resourceVersion, status subresource), over an
 * index by type, namespace and name instead of a scan, plus what CRUD mode lacks: Status bodies
 * with the real reasons, admission (names, namespaces), deletion with finalizers and namespace
 * termination, label and field selectors, Table output, watches that resume from a
 * resourceVersion, and in-process subscribers (the controllers).
 *
 * <p>Every change happens under one write lock, so changes have one order: the order of their
 * resourceVersions, in which watches and subscribers see them.
 */
public final class ObjectStore extends KubernetesCrudDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(ObjectStore.class);

  /** The write fabric8's handler is carrying out on this thread. */
  private static final class Operation {
    private final ResourceType type;
    private final ObjectKey key;
    private final boolean dryRun;
    /** The PUT body, null for a PATCH. */
    private final ObjectNode body;
    /** The last state of an object the write removed (its last finalizer went), as the client is answered. */
    private ObjectNode removedAs;

    Operation(ResourceType type, ObjectKey key, boolean dryRun, ObjectNode body) {
      this.type = type;
      this.key = key;
      this.dryRun = dryRun;
      this.body = body;
    }

    ResourceType type() {
      return type;
    }

    ObjectKey key() {
      return key;
    }
  }

  private final ResourceCatalog catalog;
  private final Admission admission;
  private final Deletion deletion;
  private final PodBinding binding;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final AtomicLong resourceVersion = new AtomicLong();
  private final ObjectTable table = new ObjectTable();
  private final Reads reads;
  private final ChangeFeed feed;
  private final ThreadLocal<Operation> operation = new ThreadLocal<>();

  public ObjectStore(ResourceCatalog catalog, WatchHub watches, SeededRandom random) {
    this.catalog = catalog;
    this.feed = new ChangeFeed(watches);
    this.admission = new Admission(catalog, random, this::find, type -> select(type, null, any -> true));
    this.deletion = new Deletion(this);
    this.binding = new PodBinding(this);
    this.reads = new Reads(table, watches, resourceVersion::get);
  }

  public ResourceCatalog catalog() {
    return catalog;
  }

  /**
   * The running pods that a DELETE without a zero grace period only marks (deletionTimestamp and
   * deletionGracePeriodSeconds): their kubelet removes them once their containers ended. Other
   * pods go at once. The predicate reads the pod and, lock-free, other objects.
   */
  public void gracefulPodDeletion(Predicate<JsonNode> pods) {
    deletion.gracefulPods(pods);
  }

  /** Calls the listener for every change of the type, in store order (see {@link ObjectListener}). */
  public void subscribe(ResourceType type, ObjectListener listener) {
    feed.subscribe(type, listener);
  }

  /** Calls the listener for every change of every type. */
  public void subscribeAll(ObjectListener listener) {
    feed.subscribeAll(listener);
  }

  public Optional<StoredObject> get(ResourceType type, String namespace, String name) {
    return Optional.ofNullable(find(ObjectKey.of(type, namespace, name)));
  }

  /** Objects of the type, in one namespace (or all when null), that match the filter. */
  public List<StoredObject> list(ResourceType type, String namespace, Predicate<JsonNode> filter) {
    return read(() -> select(type, namespace, filter));
  }

  public long currentResourceVersion() {
    return resourceVersion.get();
  }

  /**
   * Keeps an index of the type's objects by the value of one label, for {@link #byLabel}; objects
   * stored before the index was asked for are indexed too.
   */
  public void indexLabel(ResourceType type, String labelKey) {
    write(() -> {
      table.indexLabel(type, labelKey);
      return null;
    });
  }

  /** Objects of the type in the namespace whose indexed label has the value (see {@link #indexLabel}). */
  public List<StoredObject> byLabel(ResourceType type, String namespace, String labelKey, String value) {
    return table.byLabel(type, namespace, labelKey, value);
  }

  @Override
  public MockResponse dispatch(RecordedRequest recorded) {
    return handle(ApiRequest.of(recorded));
  }

  /** Serves a resource request: from a client through the API server, or from the cluster itself. */
  public MockResponse handle(ApiRequest request) {
    ResourceType type = request.isResourceRequest()
        ? catalog.find(request.group(), request.version(), request.resource()).orElse(null)
        : null;
    if (type == null || (!type.namespaced() && request.namespace() != null)) {
      return Statuses.response(Statuses.unknownPath());
    }
    try {
      switch (request.method()) {
        case "GET":
          return read(() -> reads.serve(type, request));
        case "POST":
          return write(() -> create(type, request));
        case "PUT":
          return write(() -> replace(type, request));
        case "PATCH":
          return write(() -> patch(type, request));
        case "DELETE":
          return write(() -> deletion.delete(type, request));
        default:
          return Statuses.response(Statuses.methodNotAllowed("the server does not allow this method on the requested resource"));
      }
    } catch (ApiException e) {
      return Statuses.response(e.status());
    } catch (IllegalArgumentException e) {
      return Statuses.response(Statuses.badRequest(e.getMessage()));
    }
  }

  private MockResponse create(ResourceType type, ApiRequest request) {
    if (PodBinding.applies(type, request)) {
      return binding.bind(type, request);
    }
    if (request.name() != null || (type.namespaced() && request.namespace() == null)) {
      return Statuses.response(Statuses.methodNotAllowed("the server does not allow this method on the requested resource"));
    }
    ObjectNode body = WriteRequests.parseBody(request);
    admission.admitCreate(type, request.namespace(), body);
    ObjectKey key = ObjectKey.of(type, request.namespace(), Json.name(body));
    if (find(key) != null) {
      throw new ApiException(409, Statuses.alreadyExists(type, key.name()));
    }
    return viaFabric8(type, key, request, body, null, () -> super.handleCreate(WriteRequests.rebuilt(request, body, null)));
  }

  private MockResponse replace(ResourceType type, ApiRequest request) {
    String sub = request.subresource();
    if (request.name() == null) {
      return Statuses.response(Statuses.methodNotAllowed("the server does not allow this method on the requested resource"));
    }
    if ("finalize".equals(sub) && Admission.isNamespaces(type)) {
      return deletion.finalizeNamespace(type, request.name(), WriteRequests.parseBody(request));
    }
    if (sub != null && !sub.equals("status")) {
      return Statuses.response(Statuses.unknownPath());
    }
    ObjectKey key = ObjectKey.of(type, request.namespace(), request.name());
    StoredObject current = requireExisting(type, key);
    ObjectNode body = WriteRequests.parseBody(request);
    body.put("apiVersion", type.apiVersion());
    WriteRequests.checkResourceVersion(type, current, body);
    if (Deletion.terminatingGracefully(current.view())) {
      Deletion.unmark(body); // kept as stored: the client does not change it
    }
    if (Admission.isNamespaces(type) && Json.deleting(current.view())) {
      return deletion.updateTerminatingNamespace(type, current, body);
    }
    return viaFabric8(type, key, request, body, null, () -> super.handleUpdate(WriteRequests.rebuilt(request, body, null)));
  }

  private MockResponse patch(ResourceType type, ApiRequest request) {
    String sub = request.subresource();
    if (request.name() == null || (sub != null && !sub.equals("status"))) {
      return Statuses.response(Statuses.unknownPath());
    }
    ObjectKey key = ObjectKey.of(type, request.namespace(), request.name());
    PatchBody patch = PatchBody.of(request);
    StoredObject current = find(key);
    if (current == null && patch.isApply()) {
      return create(type, ApiRequest.of(Requests.request("POST", type.collectionPath(request.namespace()),
          patch.applied().toString())));
    }
    if (current == null) {
      return Statuses.response(Statuses.notFound(type, key.name()));
    }
    if (patch.object() != null) {
      WriteRequests.checkResourceVersion(type, current, patch.object());
    }
    return viaFabric8(type, key, request, null, patch,
        () -> super.handlePatch(WriteRequests.rebuilt(request, null, patch)));
  }

  private MockResponse viaFabric8(ResourceType type, ObjectKey key, ApiRequest request, ObjectNode body,
      PatchBody patch, Supplier<MockResponse> handler) {
    Operation op = new Operation(type, key, request.dryRun(), body);
    operation.set(op);
    try {
      MockResponse response = handler.get();
      if (op.removedAs != null) {
        // fabric8 answers without a body; the API server answers with the object as it was deleted
        return Statuses.json(200, op.removedAs);
      }
      if (response.code() == 202) {
        response.setResponseCode(200);
      }
      if (response.code() == 404) {
        return Statuses.response(Statuses.notFound(type, key.name()));
      }
      return response.setHeader("Content-Type", "application/json");
    } catch (RuntimeException e) {
      LOG.debug("request {} rejected", request, e);
      return Statuses.response(Statuses.invalid(type, key.name(), "body", "", String.valueOf(e.getMessage())));
    } finally {
      operation.remove();
    }
  }

  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
    StoredObject current = find(currentOperation().key());
    if (current == null) {
      return null;
    }
    if (Deletion.terminatingGracefully(current.view())) {
      // fabric8 deletes a written object that is marked and has no finalizers: not this one
      ObjectNode unmarked = current.object();
      Deletion.unmark(unmarked);
      return Map.entry(new AttributeSet(), Json.write(unmarked));
    }
    return Map.entry(new AttributeSet(), current.json());
  }

  @Override
  public boolean isStatusSubresourceEnabledForResource(String path) {
    return currentOperation().type().statusSubresource();
  }

  @Override
  public long requestResourceVersion() {
    return resourceVersion.incrementAndGet();
  }

  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
      GenericKubernetesResource resource, String newState) {
    Operation op = currentOperation();
    if (op.dryRun) {
      return;
    }
    StoredObject before = find(op.key());
    if (newState == null) {
      // the write removed the last finalizer of an object being deleted: it goes
      if (before != null && !deletion.holdsNamespace(op.type(), before)) {
        op.removedAs = Deletion.lastState(op.type(), before, op.body);
        remove(op.type(), op.key(), op.removedAs);
      }
      return;
    }
    ObjectNode after = Json.parse(newState);
    if (before != null && Json.deleting(before.view()) && !Json.deleting(after)) {
      Deletion.markAs(after, before.view());
    }
    long version = Long.parseLong(Json.textOr(after, "0", "metadata", "resourceVersion"));
    if (before != null && before.resourceVersion() == version) {
      return;
    }
    store(op.type(), op.key(), after, version);
  }

  private Operation currentOperation() {
    Operation op = operation.get();
    if (op == null) {
      throw new IllegalStateException("store called outside of a request");
    }
    return op;
  }

  StoredObject find(ObjectKey key) {
    return table.find(catalog.require(key.group(), key.plural()), key);
  }

  /** Stores a new state of an object (already carrying its new resourceVersion) and announces it. */
  void store(ResourceType type, ObjectKey key, ObjectNode object, long version) {
    String json = Json.write(object);
    StoredObject after = new StoredObject(type, key, json, version, object);
    StoredObject before = table.put(after);
    feed.publish(new ObjectEvent(before == null ? ObjectEvent.Type.ADDED : ObjectEvent.Type.MODIFIED, type, key,
        before, after));
  }

  /** Stores a changed object under a fresh resourceVersion (for the store's own changes). */
  ObjectNode storeChanged(ResourceType type, ObjectKey key, ObjectNode object) {
    long version = requestResourceVersion();
    Json.with(object, "metadata").put("resourceVersion", Long.toString(version));
    store(type, key, object, version);
    return object;
  }

  /** Removes an object; its DELETED event carries a fresh resourceVersion, as etcd's delete does. */
  void remove(ResourceType type, ObjectKey key) {
    remove(type, key, null);
  }

  /** Removes an object whose DELETED event shows {@code lastState} (null: the state stored last). */
  private void remove(ResourceType type, ObjectKey key, ObjectNode lastState) {
    StoredObject before = table.remove(type, key);
    if (before == null) {
      return;
    }
    long version = requestResourceVersion();
    ObjectNode last = lastState != null ? lastState : before.object();
    Json.with(last, "metadata").put("resourceVersion", Long.toString(version));
    feed.publish(new ObjectEvent(ObjectEvent.Type.DELETED, type, key,
        new StoredObject(type, key, Json.write(last), version, last), null));
  }

  List<StoredObject> select(ResourceType type, String namespace, Predicate<JsonNode> filter) {
    return table.select(type, namespace, filter);
  }

  private StoredObject requireExisting(ResourceType type, ObjectKey key) {
    StoredObject current = find(key);
    if (current == null) {
      throw new ApiException(404, Statuses.notFound(type, key.name()));
    }
    return current;
  }

  private <T> T read(Supplier<T> action) {
    lock.readLock().lock();
    try {
      return action.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  private <T> T write(Supplier<T> action) {
    lock.writeLock().lock();
    try {
      return action.get();
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void reset() {
    throw new UnsupportedOperationException("the cluster's store is never reset");
  }
}
