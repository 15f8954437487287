package dev.edgevm.embedded.internal.scheduler;

import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.quantity.Quantity;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * One scheduling decision: the default scheduler's filters, in its order (NodeUnschedulable,
 * TaintToleration, NodeAffinity, NodeResourcesFit, VolumeBinding), then the least allocated of
 * the feasible nodes. When no node fits, the reasons read like the scheduler's FitError.
 */
final class Placement {

  private static final List<String> SCHEDULING_EFFECTS = List.of("NoSchedule", "NoExecute");

  /** Why each node was rejected; whether preemption could help there. */
  private record Rejection(List<String> reasons, boolean resolvable) {
  }

  private final JsonNode pod;
  private final Map<String, BigDecimal> requests;
  private final VolumeBinding volumes;
  private final Allocations allocations;

  Placement(JsonNode pod, VolumeBinding volumes, Allocations allocations) {
    this.pod = pod;
    this.requests = PodRequests.of(pod);
    this.volumes = volumes;
    this.allocations = allocations;
  }

  /** The chosen node's name; or throws {@link Unschedulable} with the scheduler's message. */
  String choose(List<JsonNode> nodes) throws Unschedulable {
    if (nodes.isEmpty()) {
      throw new Unschedulable("no nodes available to schedule pods");
    }
    String preFilter = volumes.preFilter(pod);
    if (preFilter != null) {
      throw new Unschedulable(String.format("0/%d nodes are available: %s. preemption: 0/%d nodes are available: "
          + "%d Preemption is not helpful for scheduling..", nodes.size(), preFilter, nodes.size(), nodes.size()));
    }
    Map<String, Rejection> rejected = new TreeMap<>();
    String best = null;
    double bestScore = -1;
    for (JsonNode node : nodes) {
      Rejection rejection = filter(node);
      if (rejection != null) {
        rejected.put(Json.name(node), rejection);
        continue;
      }
      double score = score(node);
      if (score > bestScore) {
        bestScore = score;
        best = Json.name(node);
      }
    }
    if (best == null) {
      throw new Unschedulable(message(nodes.size(), rejected));
    }
    return best;
  }

  private Rejection filter(JsonNode node) {
    if (Json.bool(node, false, "spec", "unschedulable") && !toleratesUnschedulable()) {
      return new Rejection(List.of("node(s) were unschedulable"), false);
    }
    JsonNode taint = NodeMatching.untoleratedTaint(node, Json.items(pod, "spec", "tolerations"), SCHEDULING_EFFECTS);
    if (taint != null) {
      return new Rejection(List.of("node(s) had untolerated taint {" + Json.text(taint, "key") + ": "
          + Json.textOr(taint, "", "value") + "}"), false);
    }
    if (!matchesNodeAffinity(node)) {
      return new Rejection(List.of("node(s) didn't match Pod's node affinity/selector"), false);
    }
    List<String> insufficient = insufficientResources(node);
    if (!insufficient.isEmpty()) {
      return new Rejection(insufficient, true);
    }
    String volumeReason = volumes.filter(pod, node);
    if (volumeReason != null) {
      return new Rejection(List.of(volumeReason), false);
    }
    return null;
  }

  private boolean toleratesUnschedulable() {
    return Json.items(pod, "spec", "tolerations").stream().anyMatch(toleration -> NodeMatching.tolerates(toleration,
        Json.parse("{\"key\":\"node.kubernetes.io/unschedulable\",\"effect\":\"NoSchedule\"}")));
  }

  private boolean matchesNodeAffinity(JsonNode node) {
    if (!NodeMatching.matchesSelector(Json.stringMap(pod, "spec", "nodeSelector"), node)) {
      return false;
    }
    JsonNode required = Json.at(pod, "spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution");
    if (required == null || required.isMissingNode() || required.isNull()) {
      return true;
    }
    return NodeMatching.matchesTerms(Json.items(required, "nodeSelectorTerms"), node);
  }

  private List<String> insufficientResources(JsonNode node) {
    Map<String, String> allocatable = Json.stringMap(node, "status", "allocatable");
    Map<String, BigDecimal> used = allocations.on(Json.name(node));
    List<String> reasons = new ArrayList<>();
    for (Map.Entry<String, BigDecimal> request : requests.entrySet()) {
      if (request.getValue().signum() <= 0) {
        continue;
      }
      String resource = request.getKey();
      BigDecimal available = allocatable.containsKey(resource) ? Quantity.parse(allocatable.get(resource)) : BigDecimal.ZERO;
      BigDecimal after = used.getOrDefault(resource, BigDecimal.ZERO).add(request.getValue());
      if (after.compareTo(available) > 0) {
        reasons.add(resource.equals("pods") ? "Too many pods" : "Insufficient " + resource);
      }
    }
    return reasons;
  }

  /** LeastAllocated: the mean free fraction of cpu and memory once the pod is placed. */
  private double score(JsonNode node) {
    Map<String, String> allocatable = Json.stringMap(node, "status", "allocatable");
    Map<String, BigDecimal> used = allocations.on(Json.name(node));
    double total = 0;
    for (String resource : List.of("cpu", "memory")) {
      BigDecimal capacity = allocatable.containsKey(resource) ? Quantity.parse(allocatable.get(resource)) : BigDecimal.ZERO;
      if (capacity.signum() <= 0) {
        continue;
      }
      BigDecimal after = used.getOrDefault(resource, BigDecimal.ZERO).add(requests.getOrDefault(resource, BigDecimal.ZERO));
      total += capacity.subtract(after).divide(capacity, MathContext.DECIMAL64).doubleValue();
    }
    return total / 2;
  }

  private static String message(int nodeCount, Map<String, Rejection> rejected) {
    Map<String, Integer> reasons = new TreeMap<>();
    Map<String, Integer> preemption = new TreeMap<>();
    for (Rejection rejection : rejected.values()) {
      rejection.reasons().forEach(reason -> reasons.merge(reason, 1, Integer::sum));
      preemption.merge(rejection.resolvable() ? "No preemption victims found for incoming pod"
          : "Preemption is not helpful for scheduling", 1, Integer::sum);
    }
    return String.format("0/%d nodes are available: %s. preemption: 0/%d nodes are available: %s..", nodeCount,
        histogram(reasons), nodeCount, histogram(preemption));
  }

  private static String histogram(Map<String, Integer> counts) {
    List<String> entries = new ArrayList<>();
    counts.forEach((reason, count) -> entries.add(count + " " + reason));
    entries.sort(null);
    return String.join(", ", entries);
  }

  /** No node fits the pod; the message is the scheduler's. */
  static final class Unschedulable extends Exception {
    private static final long serialVersionUID = 1L;

    Unschedulable(String message) {
      super(message);
    }
  }
}
