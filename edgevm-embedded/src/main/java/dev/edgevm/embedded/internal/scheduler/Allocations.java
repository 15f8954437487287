package dev.edgevm.embedded.internal.scheduler;

import dev.edgevm.embedded.internal.api.ObjectEvent;
import dev.edgevm.embedded.internal.json.Json;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * What the pods bound to each node request, kept up to date from pod changes: a pod holds its
 * requests from binding until it is gone or has finished (Succeeded or Failed).
 */
final class Allocations {

  private record Held(String node, Map<String, BigDecimal> requests) {
  }

  private final Map<String, Held> byPod = new HashMap<>();
  private final Map<String, Map<String, BigDecimal>> byNode = new HashMap<>();

  synchronized void update(ObjectEvent event) {
    String key = event.key().localName();
    Held previous = byPod.remove(key);
    if (previous != null) {
      Map<String, BigDecimal> node = byNode.get(previous.node());
      previous.requests().forEach((name, value) -> node.merge(name, value.negate(), BigDecimal::add));
    }
    if (event.after() == null) {
      return;
    }
    JsonNode pod = event.after().view();
    String node = Json.text(pod, "spec", "nodeName");
    String phase = Json.textOr(pod, "Pending", "status", "phase");
    if (node == null || node.isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
      return;
    }
    Held held = new Held(node, PodRequests.of(pod));
    byPod.put(key, held);
    Map<String, BigDecimal> totals = byNode.computeIfAbsent(node, n -> new TreeMap<>());
    held.requests().forEach((name, value) -> totals.merge(name, value, BigDecimal::add));
  }

  /** A copy of what is requested on the node, per resource. */
  synchronized Map<String, BigDecimal> on(String node) {
    return new TreeMap<>(byNode.getOrDefault(node, Map.of()));
  }
}
