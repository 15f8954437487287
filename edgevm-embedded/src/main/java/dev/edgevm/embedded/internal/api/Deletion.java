package dev.edgevm.embedded.internal.api;

import dev.edgevm.embedded.internal.json.Json;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * DELETE as the API server does it: preconditions, dry runs, objects with finalizers only marked
 * (deletionTimestamp) until the last finalizer is removed, namespaces that turn Terminating
 * and stay until their content is gone and their spec finalizers are cleared through
 * {@code /finalize}, and graceful deletion of the running pods whose kubelet terminates them
 * gracefully: marked with the grace period (the request's {@code gracePeriodSeconds}, else the
 * pod's {@code terminationGracePeriodSeconds}) and removed by the kubelet once their containers
 * ended; a grace period of 0 removes them at once. Dependents are removed by the garbage
 * collector, not here.
 */
final class Deletion {

  private static final long DEFAULT_POD_GRACE_SECONDS = 30;

  private final ObjectStore store;
  private volatile Predicate<JsonNode> gracefulPods = pod -> false;

  Deletion(ObjectStore store) {
    this.store = store;
  }

  MockResponse delete(ResourceType type, ApiRequest request) {
    if (request.name() == null) {
      return deleteCollection(type, request);
    }
    if (request.subresource() != null) {
      return Statuses.response(Statuses.unknownPath());
    }
    ObjectKey key = ObjectKey.of(type, request.namespace(), request.name());
    StoredObject current = store.find(key);
    if (current == null) {
      return Statuses.response(Statuses.notFound(type, key.name()));
    }
    JsonNode options = request.body().isBlank() ? Json.object() : WriteRequests.parseBody(request);
    checkPreconditions(type, current, options.path("preconditions"));
    if (request.dryRun() || options.has("dryRun") && options.path("dryRun").size() > 0) {
      return ok(current.object());
    }
    return ok(delete(type, current, requestedGrace(request, options)));
  }

  /** The DeleteOptions' (or query's) gracePeriodSeconds; null when not given. */
  private static Long requestedGrace(ApiRequest request, JsonNode options) {
    if (options.path("gracePeriodSeconds").isNumber()) {
      return options.path("gracePeriodSeconds").asLong();
    }
    String query = request.query("gracePeriodSeconds");
    return query == null ? null : Long.valueOf(query);
  }

  /** Which pods are deleted gracefully (their kubelet removes them once terminated). */
  void gracefulPods(Predicate<JsonNode> pods) {
    this.gracefulPods = pods;
  }

  /**
   * Deletes or marks for deletion; returns the object as the client sees it afterwards.
   *
   * @param requestedGrace the request's grace period in seconds, or null for the object's own
   */
  ObjectNode delete(ResourceType type, StoredObject current, Long requestedGrace) {
    ObjectNode object = current.object();
    long grace = Admission.isPods(type) && gracefulPods.test(object) ? gracePeriod(object, requestedGrace) : 0;
    if (grace > 0) {
      markGracefully(type, current, object, grace);
      return object;
    }
    if (Admission.isNamespaces(type)) {
      if (!Json.deleting(object)) {
        Json.with(object, "metadata").put("deletionTimestamp", Json.now());
        Json.with(object, "status").put("phase", "Terminating");
        store.storeChanged(type, current.key(), object);
      }
      return object;
    }
    if (!Json.items(object, "metadata", "finalizers").isEmpty()) {
      if (!Json.deleting(object)) {
        ObjectNode metadata = Json.with(object, "metadata");
        metadata.put("deletionTimestamp", Json.now());
        metadata.put("deletionGracePeriodSeconds", 0);
        store.storeChanged(type, current.key(), object);
      }
      return object;
    }
    store.remove(type, current.key());
    return object;
  }

  private static long gracePeriod(JsonNode pod, Long requested) {
    return Math.max(0, requested != null ? requested
        : Json.number(pod, DEFAULT_POD_GRACE_SECONDS, "spec", "terminationGracePeriodSeconds"));
  }

  /** Marks a pod for graceful deletion; a pod already going keeps the earlier of the two deadlines. */
  private void markGracefully(ResourceType type, StoredObject current, ObjectNode pod, long grace) {
    ObjectNode metadata = Json.with(pod, "metadata");
    Instant deadline = Instant.now().plusSeconds(grace);
    String marked = Json.text(metadata, "deletionTimestamp");
    if (marked != null && !Instant.parse(marked).isAfter(deadline)) {
      return;
    }
    metadata.put("deletionTimestamp", Json.timestamp(deadline));
    metadata.put("deletionGracePeriodSeconds", grace);
    store.storeChanged(type, current.key(), pod);
  }

  /** A pod deleted gracefully and not gone yet: marked, without finalizers. */
  static boolean terminatingGracefully(JsonNode object) {
    return Json.deleting(object) && "Pod".equals(Json.text(object, "kind"))
        && Json.items(object, "metadata", "finalizers").isEmpty();
  }

  /** Removes the deletion marks (to be put back with {@link #markAs}). */
  static void unmark(ObjectNode object) {
    ObjectNode metadata = Json.with(object, "metadata");
    metadata.remove("deletionTimestamp");
    metadata.remove("deletionGracePeriodSeconds");
  }

  /** Gives the new state of an object being deleted the deletion marks of its stored state. */
  static void markAs(ObjectNode after, JsonNode before) {
    ObjectNode metadata = Json.with(after, "metadata");
    for (String field : List.of("deletionTimestamp", "deletionGracePeriodSeconds")) {
      if (before.path("metadata").has(field)) {
        metadata.set(field, before.path("metadata").get(field).deepCopy());
      }
    }
  }

  private MockResponse deleteCollection(ResourceType type, ApiRequest request) {
    Selector selector = Selector.of(request.query("labelSelector"), request.query("fieldSelector"));
    List<StoredObject> matching = store.select(type, request.namespace(), selector);
    ObjectNode list = Json.object();
    list.put("apiVersion", type.apiVersion());
    list.put("kind", type.listKind());
    list.putObject("metadata").put("resourceVersion", Long.toString(store.currentResourceVersion()));
    ArrayNode items = list.putArray("items");
    JsonNode options = request.body().isBlank() ? Json.object() : WriteRequests.parseBody(request);
    Long grace = requestedGrace(request, options);
    for (StoredObject object : matching) {
      items.add(request.dryRun() ? object.object() : delete(type, object, grace));
    }
    return Statuses.json(200, list);
  }

  /** PUT /api/v1/namespaces/{name}/finalize: replaces spec.finalizers; an emptied, terminating namespace goes. */
  MockResponse finalizeNamespace(ResourceType type, String name, ObjectNode body) {
    ObjectKey key = ObjectKey.of(type, null, name);
    StoredObject current = store.find(key);
    if (current == null) {
      return Statuses.response(Statuses.notFound(type, name));
    }
    if (body.has("metadata") && Json.name(body) != null && !name.equals(Json.name(body))) {
      return Statuses.response(Statuses.badRequest("the name of the object (" + Json.name(body)
          + ") does not match the name on the URL (" + name + ")"));
    }
    ObjectNode object = current.object();
    ArrayNode finalizers = Json.withArray(object, "spec", "finalizers");
    finalizers.removeAll();
    Json.items(body, "spec", "finalizers").forEach(finalizers::add);
    if (Json.deleting(object) && finalizers.isEmpty() && Json.items(object, "metadata", "finalizers").isEmpty()) {
      store.remove(type, key);
      return ok(object);
    }
    return ok(store.storeChanged(type, key, object));
  }

  /**
   * PUT of a Terminating namespace: labels, annotations and status change; its spec (finalizers)
   * changes only through /finalize, and it stays until finalized.
   */
  MockResponse updateTerminatingNamespace(ResourceType type, StoredObject current, ObjectNode body) {
    ObjectNode updated = body.deepCopy();
    JsonNode before = current.view();
    ObjectNode metadata = Json.with(updated, "metadata");
    for (String field : List.of("uid", "creationTimestamp", "deletionTimestamp", "generation", "name")) {
      if (before.path("metadata").has(field)) {
        metadata.set(field, before.path("metadata").get(field).deepCopy());
      }
    }
    updated.set("spec", before.path("spec").deepCopy());
    return ok(store.storeChanged(type, current.key(), updated));
  }

  /**
   * The state in which a write that removed the last finalizer deletes an object: what the write
   * asked for (a PUT body; for a PATCH, the state stored last) with the metadata the server keeps,
   * the stored status when the type has a status subresource, and no finalizers.
   */
  static ObjectNode lastState(ResourceType type, StoredObject before, ObjectNode body) {
    ObjectNode last = body != null ? body.deepCopy() : before.object();
    ObjectNode metadata = Json.with(last, "metadata");
    JsonNode kept = before.view().path("metadata");
    for (String field : List.of("name", "namespace", "uid", "creationTimestamp", "generation", "deletionTimestamp",
        "deletionGracePeriodSeconds")) {
      if (kept.has(field)) {
        metadata.set(field, kept.get(field).deepCopy());
      }
    }
    metadata.remove("finalizers");
    if (type.statusSubresource() && before.view().has("status")) {
      last.set("status", before.view().get("status").deepCopy());
    }
    return last;
  }

  /** Whether a namespace must stay although a write asked to drop it: its spec finalizers remain. */
  boolean holdsNamespace(ResourceType type, StoredObject namespace) {
    return Admission.isNamespaces(type) && !Json.items(namespace.view(), "spec", "finalizers").isEmpty();
  }

  private static void checkPreconditions(ResourceType type, StoredObject current, JsonNode preconditions) {
    String uid = Json.text(preconditions, "uid");
    String actualUid = Json.uid(current.view());
    if (uid != null && !uid.equals(actualUid)) {
      throw new ApiException(409, Statuses.conflict(type, current.key().name(),
          "Precondition failed: UID in precondition: " + uid + ", UID in object meta: " + actualUid));
    }
    String version = Json.text(preconditions, "resourceVersion");
    if (version != null && !version.equals(Long.toString(current.resourceVersion()))) {
      throw new ApiException(409, Statuses.conflict(type, current.key().name(),
          "Precondition failed: ResourceVersion in precondition: " + version
              + ", ResourceVersion in object meta: " + current.resourceVersion()));
    }
  }

  private static MockResponse ok(ObjectNode object) {
    return Statuses.json(200, object);
  }
}
