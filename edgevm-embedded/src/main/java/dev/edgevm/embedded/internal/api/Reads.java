package dev.edgevm.embedded.internal.api;

import dev.edgevm.embedded.internal.api.watch.WatchHub;
import dev.edgevm.embedded.internal.api.watch.WatchRequest;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * GET of objects, lists and watches: selectors, the requested version's apiVersion, Table output
 * when asked for, and watches opened at "now" or at a resourceVersion. Called under the store's
 * read lock, so a watch starts exactly between two changes.
 */
final class Reads {

  private final ObjectTable table;
  private final WatchHub watches;
  private final LongSupplier resourceVersion;

  Reads(ObjectTable table, WatchHub watches, LongSupplier resourceVersion) {
    this.table = table;
    this.watches = watches;
    this.resourceVersion = resourceVersion;
  }

  MockResponse serve(ResourceType type, ApiRequest request) {
    Selector selector = Selector.of(request.query("labelSelector"), request.query("fieldSelector"));
    boolean asTable = TableWriter.wanted(request.header("Accept"));
    if (request.watch()) {
      WatchRequest watch = WatchRequest.of(request, type, selector, new WatchEvents(type, request.version(), asTable));
      List<StoredObject> current = watch.fromNow() ? table.select(type, request.namespace(), selector) : List.of();
      return watches.open(watch, current);
    }
    if (request.name() == null) {
      List<StoredObject> items = table.select(type, request.namespace(), selector);
      if (asTable) {
        return Statuses.json(200, TableWriter.table(type, items, resourceVersion.getAsLong()));
      }
      return json(listJson(type, request.version(), items));
    }
    if (request.subresource() != null && !request.subresource().equals("status")) {
      return Statuses.response(Statuses.unknownPath());
    }
    StoredObject object = table.find(type, ObjectKey.of(type, request.namespace(), request.name()));
    if (object == null) {
      return Statuses.response(Statuses.notFound(type, request.name()));
    }
    if (asTable) {
      return Statuses.json(200, TableWriter.table(type, List.of(object), resourceVersion.getAsLong()));
    }
    return json(servedAs(type, request.version(), object.json()));
  }

  /** The stored JSON with the apiVersion of the version the request named (versions differ only there). */
  static String servedAs(ResourceType type, String version, String json) {
    if (version == null || version.equals(type.version())) {
      return json;
    }
    return json.replaceFirst("\"apiVersion\":\"" + Pattern.quote(type.apiVersion()) + "\"",
        "\"apiVersion\":\"" + type.apiVersion(version) + "\"");
  }

  private String listJson(ResourceType type, String version, List<StoredObject> items) {
    StringBuilder json = new StringBuilder(64 + items.size() * 512);
    json.append("{\"apiVersion\":\"").append(type.apiVersion(version == null ? type.version() : version))
        .append("\",\"kind\":\"").append(type.listKind())
        .append("\",\"metadata\":{\"resourceVersion\":\"").append(resourceVersion.getAsLong())
        .append("\"},\"items\":[");
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append(servedAs(type, version, items.get(i).json()));
    }
    return json.append("]}").toString();
  }

  private static MockResponse json(String body) {
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(body);
  }
}
