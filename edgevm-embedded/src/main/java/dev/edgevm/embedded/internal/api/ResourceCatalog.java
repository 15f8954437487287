package dev.edgevm.embedded.internal.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every resource type the API server knows, as the CRDs and built-in types declare them. A path
 * naming an unknown type is answered 404, as a real API server does.
 */
public final class ResourceCatalog {

  private final Map<String, ResourceType> byGroupPlural = new ConcurrentHashMap<>();
  private final Map<String, ResourceType> byGroupKind = new ConcurrentHashMap<>();
  private final List<ResourceType> inOrder = new CopyOnWriteArrayList<>();

  /** Registers a type (again: replaces the earlier declaration). */
  public ResourceType register(ResourceType type) {
    ResourceType previous = byGroupPlural.put(key(type.group(), type.plural()), type);
    byGroupKind.put(key(type.group(), type.kind()), type);
    if (previous != null) {
      inOrder.remove(previous);
    }
    inOrder.add(type);
    return type;
  }

  public void registerAll(Collection<ResourceType> types) {
    types.forEach(this::register);
  }

  /** Stops serving a type (before the cluster starts: as an API server that never had it). */
  public void unregister(ResourceType type) {
    byGroupPlural.remove(key(type.group(), type.plural()), type);
    byGroupKind.remove(key(type.group(), type.kind()), type);
    inOrder.remove(type);
  }

  /** The type at a path's group and plural, if that version is served. */
  public Optional<ResourceType> find(String group, String version, String plural) {
    ResourceType type = byGroupPlural.get(key(group, plural));
    if (type == null || (version != null && !type.versions().contains(version))) {
      return Optional.empty();
    }
    return Optional.of(type);
  }

  public Optional<ResourceType> findByKind(String apiVersion, String kind) {
    int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    return Optional.ofNullable(byGroupKind.get(key(group, kind)));
  }

  /** The type with that group and plural; fails when it was never registered. */
  public ResourceType require(String group, String plural) {
    ResourceType type = byGroupPlural.get(key(group, plural));
    if (type == null) {
      throw new IllegalStateException("resource type not registered: " + plural + "." + group);
    }
    return type;
  }

  public List<ResourceType> all() {
    return new ArrayList<>(inOrder);
  }

  private static String key(String group, String name) {
    return group + "/" + name;
  }
}
