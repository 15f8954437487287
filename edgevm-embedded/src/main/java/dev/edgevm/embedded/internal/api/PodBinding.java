package dev.edgevm.embedded.internal.api;

import dev.edgevm.embedded.internal.json.Json;
import io.fabric8.mockwebserver.http.MockResponse;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST .../pods/{name}/binding}: assigns a pod to a node in one change, setting
 * {@code spec.nodeName} and the PodScheduled condition, as the scheduler's binding does.
 */
final class PodBinding {

  private final ObjectStore store;

  PodBinding(ObjectStore store) {
    this.store = store;
  }

  static boolean applies(ResourceType type, ApiRequest request) {
    return type.group().isEmpty() && type.plural().equals("pods") && "binding".equals(request.subresource());
  }

  MockResponse bind(ResourceType pods, ApiRequest request) {
    ObjectKey key = ObjectKey.of(pods, request.namespace(), request.name());
    StoredObject current = store.find(key);
    if (current == null) {
      return Statuses.response(Statuses.notFound(pods, request.name()));
    }
    ObjectNode binding = WriteRequests.parseBody(request);
    String node = Json.text(binding, "target", "name");
    if (node == null || node.isEmpty()) {
      return Statuses.response(Statuses.invalid(pods, request.name(), "target.name", "", "Required value"));
    }
    ObjectNode pod = current.object();
    if (Json.deleting(pod)) {
      return Statuses.response(Statuses.conflict(pods, request.name(), "pod is being deleted, cannot be assigned to a host"));
    }
    String assigned = Json.text(pod, "spec", "nodeName");
    if (assigned != null && !assigned.isEmpty()) {
      return Statuses.response(Statuses.conflict(pods, request.name(),
          "pod " + request.name() + " is already assigned to node \"" + assigned + "\""));
    }
    Json.with(pod, "spec").put("nodeName", node);
    ArrayNode conditions = Json.withArray(pod, "status", "conditions");
    for (int i = conditions.size() - 1; i >= 0; i--) {
      if ("PodScheduled".equals(Json.text(conditions.get(i), "type"))) {
        conditions.remove(i);
      }
    }
    ObjectNode scheduled = conditions.addObject();
    scheduled.put("type", "PodScheduled");
    scheduled.put("status", "True");
    scheduled.putNull("lastProbeTime");
    scheduled.put("lastTransitionTime", Json.now());
    store.storeChanged(pods, key, pod);
    return Statuses.json(201, Statuses.status(201, null, null));
  }
}
