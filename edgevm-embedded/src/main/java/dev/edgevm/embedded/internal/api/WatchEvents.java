package dev.edgevm.embedded.internal.api;

import dev.edgevm.embedded.internal.api.watch.WatchEncoder;
import dev.edgevm.embedded.internal.json.Json;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Watch events as the API server writes them: the object in the version the request named, or,
 * for a client that asked for a Table (kubectl get -w), a one-row Table whose column definitions
 * come with the first event only.
 */
final class WatchEvents implements WatchEncoder {

  private final ResourceType type;
  private final String version;
  private final boolean asTable;
  /** Written under the watch hub's lock, which orders a watch's events. */
  private boolean columnsSent;

  WatchEvents(ResourceType type, String version, boolean asTable) {
    this.type = type;
    this.version = version;
    this.asTable = asTable;
  }

  @Override
  public String event(String eventType, StoredObject object) {
    String json;
    if (asTable) {
      ObjectNode table = TableWriter.table(type, List.of(object), object.resourceVersion());
      if (columnsSent) {
        table.remove("columnDefinitions");
      }
      columnsSent = true;
      json = Json.write(table);
    } else {
      json = Reads.servedAs(type, version, object.json());
    }
    return "{\"type\":\"" + eventType + "\",\"object\":" + json + "}";
  }

  @Override
  public String bookmark(long resourceVersion) {
    return "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"" + type.kind() + "\",\"apiVersion\":\""
        + type.apiVersion(version == null ? type.version() : version)
        + "\",\"metadata\":{\"resourceVersion\":\"" + resourceVersion + "\",\"creationTimestamp\":null}}}";
  }
}
