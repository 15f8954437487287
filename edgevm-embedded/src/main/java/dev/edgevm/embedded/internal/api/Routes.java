package dev.edgevm.embedded.internal.api;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** The API server's extra handlers, tried in registration order before the object store. */
public final class Routes {

  private record Entry(Predicate<ApiRequest> when, Route route) {
  }

  private final List<Entry> entries = new CopyOnWriteArrayList<>();

  /** Requests whose path (without query) starts with the prefix, e.g. "/apis/subresources.kubevirt.io/". */
  public void prefix(String pathPrefix, Route route) {
    matching(request -> request.path().startsWith(pathPrefix), route);
  }

  /** Requests the predicate accepts. */
  public void matching(Predicate<ApiRequest> when, Route route) {
    entries.add(new Entry(when, route));
  }

  /** The first route for the request, or null for the object store. */
  public Route find(ApiRequest request) {
    for (Entry entry : entries) {
      if (entry.when().test(request)) {
        return entry.route();
      }
    }
    return null;
  }
}
