package dev.edgevm.embedded.internal.api;

import dev.edgevm.embedded.internal.json.Json;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How the cluster's own controllers read and write objects: the same handlers and rules as client
 * requests, called in-process, so they are neither counted nor subject to injected faults.
 * Writes fail with {@link ApiException} carrying the Status a client would get.
 */
public final class ClusterApi {

  private static final int CONFLICT_RETRIES = 20;
  /** fabric8's serialization is costly to create: made on first use of the typed views. */
  private static final class Models {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  }

  private final ObjectStore store;

  public ClusterApi(ObjectStore store) {
    this.store = store;
  }

  public ResourceCatalog catalog() {
    return store.catalog();
  }

  public ObjectStore store() {
    return store;
  }

  // ---- reads ---------------------------------------------------------------------------------

  public Optional<ObjectNode> get(ResourceType type, String namespace, String name) {
    return store.get(type, namespace, name).map(StoredObject::object);
  }

  public List<ObjectNode> list(ResourceType type, String namespace) {
    return list(type, namespace, null);
  }

  /** Objects in a namespace (all when null) that match the filter, which reads a shared tree. */
  public List<ObjectNode> list(ResourceType type, String namespace, Predicate<JsonNode> filter) {
    return store.list(type, namespace, filter).stream().map(StoredObject::object).collect(Collectors.toList());
  }

  // ---- writes --------------------------------------------------------------------------------

  public ObjectNode create(ResourceType type, ObjectNode object) {
    return send("POST", type.collectionPath(namespaceOf(type, object)), object);
  }

  /**
   * Creates an object with the status it carries: for types with a status subresource the status
   * is written in a second step, as the controller owning it would do.
   */
  public ObjectNode createWithStatus(ResourceType type, ObjectNode object) {
    JsonNode status = object.get("status");
    ObjectNode created = create(type, object);
    if (type.statusSubresource() && status != null) {
      return updateStatus(type, namespaceOf(type, created), Json.name(created), current -> {
        current.set("status", status.deepCopy());
        return current;
      }).orElse(created);
    }
    return created;
  }

  /**
   * POST, or on 409 the object of that name already there: a controller acting on a stale cache
   * creates what it (or a racing worker) made a moment ago. Rethrows the 409 when that object is
   * gone again by the time it is read.
   */
  public ObjectNode createOrGet(ResourceType type, ObjectNode object) {
    return orExisting(type, object, () -> create(type, object));
  }

  /** As {@link #createOrGet}, writing the status the object carries as {@link #createWithStatus} does. */
  public ObjectNode createWithStatusOrGet(ResourceType type, ObjectNode object) {
    return orExisting(type, object, () -> createWithStatus(type, object));
  }

  /** POST unless the name is taken: true when created now, false on 409 (left as it is). */
  public boolean createIfAbsent(ResourceType type, ObjectNode object) {
    try {
      create(type, object);
      return true;
    } catch (ApiException e) {
      if (e.code() != 409) {
        throw e;
      }
      return false;
    }
  }

  // Any 409: a taken name answers AlreadyExists, which ApiException.isConflict() leaves out.
  private ObjectNode orExisting(ResourceType type, ObjectNode object, Supplier<ObjectNode> creation) {
    try {
      return creation.get();
    } catch (ApiException e) {
      if (e.code() != 409) {
        throw e;
      }
      return get(type, namespaceOf(type, object), Json.name(object)).orElseThrow(() -> e);
    }
  }

  /** PUT: fails with 409 when the object's resourceVersion is stale. */
  public ObjectNode replace(ResourceType type, ObjectNode object) {
    return send("PUT", type.objectPath(namespaceOf(type, object), Json.name(object)), object);
  }

  public ObjectNode replaceStatus(ResourceType type, ObjectNode object) {
    String path = type.objectPath(namespaceOf(type, object), Json.name(object)) + (type.statusSubresource() ? "/status" : "");
    return send("PUT", path, object);
  }

  /**
   * Read-modify-write with retries on conflicts. The change works on a copy and returns it (or
   * null to leave the object as it is); nothing is written when it returns an equal object.
   * Returns the object as written; when the change removed the last finalizer of an object being
   * deleted, its last state (the object is gone). Empty when the object does not exist.
   */
  public Optional<ObjectNode> update(ResourceType type, String namespace, String name, UnaryOperator<ObjectNode> change) {
    return update(type, namespace, name, change, false);
  }

  /** As {@link #update}, through the status subresource when the type has one. */
  public Optional<ObjectNode> updateStatus(ResourceType type, String namespace, String name,
      UnaryOperator<ObjectNode> change) {
    return update(type, namespace, name, change, true);
  }

  private Optional<ObjectNode> update(ResourceType type, String namespace, String name,
      UnaryOperator<ObjectNode> change, boolean status) {
    for (int attempt = 0; ; attempt++) {
      Optional<StoredObject> current = store.get(type, namespace, name);
      if (current.isEmpty()) {
        return Optional.empty();
      }
      ObjectNode original = current.get().object();
      ObjectNode changed = change.apply(original.deepCopy());
      if (changed == null || changed.equals(original)) {
        return Optional.of(original);
      }
      try {
        return Optional.of(status ? replaceStatus(type, changed) : replace(type, changed));
      } catch (ApiException e) {
        if (e.isNotFound()) {
          return Optional.empty();
        }
        if (!e.isConflict() || attempt >= CONFLICT_RETRIES) {
          throw e;
        }
      }
    }
  }

  /** Deletes (or marks for deletion, with finalizers); false when it did not exist. */
  public boolean delete(ResourceType type, String namespace, String name) {
    return delete(type.objectPath(namespace, name), null);
  }

  /**
   * Deletes with the grace period given (0: at once, even a running pod), as the kubelet removes
   * a pod whose containers ended; false when it did not exist.
   */
  public boolean delete(ResourceType type, String namespace, String name, long gracePeriodSeconds) {
    ObjectNode options = Json.object();
    options.put("apiVersion", "v1");
    options.put("kind", "DeleteOptions");
    options.put("gracePeriodSeconds", gracePeriodSeconds);
    return delete(type.objectPath(namespace, name), Json.write(options));
  }

  private boolean delete(String path, String options) {
    MockResponse response = store.handle(ApiRequest.of(Requests.request("DELETE", path, options)));
    if (response.code() == 404) {
      return false;
    }
    check(response);
    return true;
  }

  /** A raw request to the store (e.g. PUT .../finalize). */
  public MockResponse request(String method, String path, String body) {
    return store.handle(ApiRequest.of(Requests.request(method, path, body)));
  }

  // ---- typed views ---------------------------------------------------------------------------

  /** A fabric8 model object (Pod, Node, ...) from a JSON tree. */
  public static <T> T as(JsonNode object, Class<T> modelType) {
    return Models.SERIALIZATION.convertValue(object, modelType);
  }

  /** A JSON tree from a fabric8 model object. */
  public static ObjectNode tree(Object model) {
    return Json.parse(Models.SERIALIZATION.asJson(model));
  }

  private ObjectNode send(String method, String path, ObjectNode body) {
    MockResponse response = store.handle(ApiRequest.of(Requests.request(method, path, Json.write(body))));
    return Json.parse(check(response));
  }

  private static String check(MockResponse response) {
    String body = response.getBody() == null ? "" : response.getBody().readUtf8();
    if (response.code() >= 400) {
      ObjectNode status = body.isEmpty() ? Statuses.status(response.code(), null, null) : Json.parse(body);
      throw new ApiException(response.code(), status);
    }
    return body;
  }

  private static String namespaceOf(ResourceType type, ObjectNode object) {
    return type.namespaced() ? Json.namespace(object) : null;
  }
}
