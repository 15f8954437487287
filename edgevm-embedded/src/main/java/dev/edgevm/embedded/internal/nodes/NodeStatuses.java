package dev.edgevm.embedded.internal.nodes;

import dev.edgevm.embedded.internal.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A node's status as its kubelet writes it. */
public final class NodeStatuses {

  private NodeStatuses() {
  }

  /** A status the kubelet posts renews the heartbeat of each condition (their transitions stay). */
  public static void heartbeat(ObjectNode node) {
    String now = Json.now();
    for (JsonNode condition : Json.items(node, "status", "conditions")) {
      ((ObjectNode) condition).put("lastHeartbeatTime", now);
    }
  }
}
