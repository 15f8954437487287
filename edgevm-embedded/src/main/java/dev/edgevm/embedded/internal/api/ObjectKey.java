package dev.edgevm.embedded.internal.api;

/** Where an object is stored: its type's group and plural, its namespace (null if cluster-scoped) and name. */
public record ObjectKey(String group, String plural, String namespace, String name) {

  public static ObjectKey of(ResourceType type, String namespace, String name) {
    return new ObjectKey(type.group(), type.plural(), type.namespaced() ? namespace : null, name);
  }

  /** The key within its collection: "namespace/name", or "name" when cluster-scoped. */
  public String localName() {
    return namespace == null ? name : namespace + "/" + name;
  }

  @Override
  public String toString() {
    return plural + (group.isEmpty() ? "" : "." + group) + " " + localName();
  }
}
