package dev.edgevm.embedded.internal.nodes;

import dev.edgevm.embedded.internal.runtime.SeededRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Pod addresses: each node hands out addresses of its own pod network ({@code 10.244.<n>.0/24}),
 * picked with the cluster's seed, held until the pod goes.
 */
public final class PodNetwork {

  private final NodeRegistry nodes;
  private final SeededRandom random;
  private final Map<String, TreeSet<Integer>> used = new HashMap<>();
  private final Map<String, String> byPod = new HashMap<>();

  public PodNetwork(NodeRegistry nodes, SeededRandom random) {
    this.nodes = nodes;
    this.random = random;
  }

  /** The pod's address on the node (the same one when asked again). */
  public synchronized String assign(String node, String podKey) {
    String existing = byPod.get(podKey);
    if (existing != null) {
      return existing;
    }
    TreeSet<Integer> taken = used.computeIfAbsent(node, n -> new TreeSet<>());
    List<Integer> free = new ArrayList<>();
    for (int host = 2; host < 255; host++) {
      if (!taken.contains(host)) {
        free.add(host);
      }
    }
    if (free.isEmpty()) {
      throw new IllegalStateException("the pod network of node " + node + " is exhausted");
    }
    int host = free.get(random.nextInt("pod-ip:" + node, free.size()));
    taken.add(host);
    String address = "10.244." + nodes.index(node) + "." + host;
    byPod.put(podKey, address);
    return address;
  }

  /** Frees the pod's address. */
  public synchronized void release(String node, String podKey) {
    String address = byPod.remove(podKey);
    if (address != null && used.containsKey(node)) {
      used.get(node).remove(Integer.parseInt(address.substring(address.lastIndexOf('.') + 1)));
    }
  }
}
