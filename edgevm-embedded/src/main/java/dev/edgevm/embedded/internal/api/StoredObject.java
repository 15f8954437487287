package dev.edgevm.embedded.internal.api;

import dev.edgevm.embedded.internal.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One stored version of an object: its JSON as served and its resourceVersion. Immutable;
 * {@link #object()} parses a fresh tree the caller may change, {@link #view()} a shared one
 * nobody may change.
 */
public final class StoredObject {

  private final ResourceType type;
  private final ObjectKey key;
  private final String json;
  private final long resourceVersion;
  private volatile JsonNode view;

  public StoredObject(ResourceType type, ObjectKey key, String json, long resourceVersion) {
    this(type, key, json, resourceVersion, null);
  }

  /** With the tree {@code json} was parsed into, when the caller has it already (never modified later). */
  public StoredObject(ResourceType type, ObjectKey key, String json, long resourceVersion, JsonNode view) {
    this.type = type;
    this.key = key;
    this.json = json;
    this.resourceVersion = resourceVersion;
    this.view = view;
  }

  public ResourceType type() {
    return type;
  }

  public ObjectKey key() {
    return key;
  }

  public String json() {
    return json;
  }

  public long resourceVersion() {
    return resourceVersion;
  }

  /** A fresh, mutable copy of the object. */
  public ObjectNode object() {
    return Json.parse(json);
  }

  /** A parsed tree shared by readers (selectors, printers); never modify it. */
  public JsonNode view() {
    JsonNode result = view;
    if (result == null) {
      result = Json.parse(json);
      view = result;
    }
    return result;
  }

  @Override
  public String toString() {
    return key + "@" + resourceVersion;
  }
}
