package dev.edgevm.embedded.internal.api;

import tools.jackson.databind.node.ObjectNode;

/**
 * A change of one stored object, in the order the store applied it. {@code before} is null for
 * ADDED, {@code after} is null for DELETED.
 */
public record ObjectEvent(Type type, ResourceType resource, ObjectKey key, StoredObject before, StoredObject after) {

  public enum Type { ADDED, MODIFIED, DELETED }

  /** The object as it is now, or as it was when deleted. */
  public StoredObject latest() {
    return after != null ? after : before;
  }

  /** A fresh copy of {@link #latest()}. */
  public ObjectNode object() {
    return latest().object();
  }

  public String namespace() {
    return key.namespace();
  }

  public String name() {
    return key.name();
  }
}
