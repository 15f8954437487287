package dev.edgevm.embedded.internal.api;

import dev.edgevm.embedded.internal.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * The stored objects: one sorted map per type, keyed "namespace/name" (as etcd orders them), and
 * indexes by label value. Writes happen under the store's lock; reads may run concurrently.
 */
final class ObjectTable {

  private final Map<ResourceType, NavigableMap<String, StoredObject>> collections = new ConcurrentHashMap<>();
  private final Map<ResourceType, Map<String, Map<String, Set<String>>>> labelIndexes = new ConcurrentHashMap<>();

  StoredObject find(ResourceType type, ObjectKey key) {
    NavigableMap<String, StoredObject> collection = collections.get(type);
    return collection == null ? null : collection.get(key.localName());
  }

  /** Stores the object; returns the version it replaced, or null. */
  StoredObject put(StoredObject object) {
    StoredObject before = collection(object.type()).put(object.key().localName(), object);
    reindex(object.type(), before, object);
    return before;
  }

  /** Removes the object; returns the last version, or null when it was not there. */
  StoredObject remove(ResourceType type, ObjectKey key) {
    StoredObject before = collection(type).remove(key.localName());
    if (before != null) {
      reindex(type, before, null);
    }
    return before;
  }

  /** Objects of the type, in one namespace (all when null), that match the filter (all when null). */
  List<StoredObject> select(ResourceType type, String namespace, Predicate<JsonNode> filter) {
    NavigableMap<String, StoredObject> collection = collections.get(type);
    if (collection == null) {
      return List.of();
    }
    NavigableMap<String, StoredObject> scope = namespace == null || !type.namespaced()
        ? collection
        : collection.subMap(namespace + "/", true, namespace + "/\uffff", true);
    List<StoredObject> result = new ArrayList<>();
    for (StoredObject object : scope.values()) {
      if (filter == null || filter.test(object.view())) {
        result.add(object);
      }
    }
    return result;
  }

  /** Starts indexing the type's objects by the value of the label (objects already stored too). */
  void indexLabel(ResourceType type, String labelKey) {
    Map<String, Map<String, Set<String>>> forType = labelIndexes.computeIfAbsent(type, t -> new ConcurrentHashMap<>());
    if (!forType.containsKey(labelKey)) {
      Map<String, Set<String>> index = new ConcurrentHashMap<>();
      forType.put(labelKey, index);
      select(type, null, null).forEach(object -> indexAdd(index, labelKey, object));
    }
  }

  List<StoredObject> byLabel(ResourceType type, String namespace, String labelKey, String value) {
    Map<String, Set<String>> index = labelIndexes.getOrDefault(type, Map.of()).get(labelKey);
    if (index == null) {
      throw new IllegalStateException("label " + labelKey + " of " + type + " is not indexed");
    }
    NavigableMap<String, StoredObject> collection = collections.get(type);
    List<StoredObject> result = new ArrayList<>();
    for (String localName : index.getOrDefault(value, Set.of())) {
      StoredObject object = collection == null ? null : collection.get(localName);
      if (object != null && (namespace == null || namespace.equals(object.key().namespace()))) {
        result.add(object);
      }
    }
    return result;
  }

  private NavigableMap<String, StoredObject> collection(ResourceType type) {
    return collections.computeIfAbsent(type, t -> new ConcurrentSkipListMap<>());
  }

  private void reindex(ResourceType type, StoredObject before, StoredObject after) {
    Map<String, Map<String, Set<String>>> forType = labelIndexes.get(type);
    if (forType == null) {
      return;
    }
    // Readers do not take the store's lock: an object whose label keeps its value stays in the
    // index throughout, and one whose value changes is added under the new value before it leaves
    // the old, so a reader never misses an object that exists (a pod whose status is written).
    forType.forEach((labelKey, index) -> {
      String was = before == null ? null : Json.labels(before.view()).get(labelKey);
      String now = after == null ? null : Json.labels(after.view()).get(labelKey);
      if (before != null && after != null && Objects.equals(was, now)) {
        return;
      }
      if (after != null) {
        indexAdd(index, labelKey, after);
      }
      Set<String> names = was == null ? null : index.get(was);
      if (names != null) {
        names.remove(before.key().localName());
        if (names.isEmpty()) {
          index.remove(was, names);
        }
      }
    });
  }

  private static void indexAdd(Map<String, Set<String>> index, String labelKey, StoredObject object) {
    String value = Json.labels(object.view()).get(labelKey);
    if (value != null) {
      index.computeIfAbsent(value, v -> ConcurrentHashMap.newKeySet()).add(object.key().localName());
    }
  }
}
