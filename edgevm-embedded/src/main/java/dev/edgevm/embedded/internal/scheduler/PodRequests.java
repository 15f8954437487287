package dev.edgevm.embedded.internal.scheduler;

import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.quantity.Quantity;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * What a pod asks of a node, as the scheduler computes it: the sum of its containers' requests
 * (a limit stands for a missing request), at least the largest init container's, plus the pod
 * overhead and one pod slot.
 */
final class PodRequests {

  private PodRequests() {
  }

  static Map<String, BigDecimal> of(JsonNode pod) {
    Map<String, BigDecimal> total = new TreeMap<>();
    for (JsonNode container : Json.items(pod, "spec", "containers")) {
      containerRequests(container).forEach((name, value) -> total.merge(name, value, BigDecimal::add));
    }
    for (JsonNode init : Json.items(pod, "spec", "initContainers")) {
      containerRequests(init).forEach((name, value) -> total.merge(name, value, BigDecimal::max));
    }
    Json.stringMap(pod, "spec", "overhead").forEach((name, value) -> total.merge(name, Quantity.parse(value), BigDecimal::add));
    total.put("pods", BigDecimal.ONE);
    return total;
  }

  private static Map<String, BigDecimal> containerRequests(JsonNode container) {
    Map<String, BigDecimal> requests = new TreeMap<>();
    Json.stringMap(container, "resources", "limits").forEach((name, value) -> requests.put(name, Quantity.parse(value)));
    Json.stringMap(container, "resources", "requests").forEach((name, value) -> requests.put(name, Quantity.parse(value)));
    return requests;
  }
}
