package dev.edgevm.embedded.internal.nodes;

import dev.edgevm.embedded.NodeOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster's nodes as configured: names in order, options, and the real directory that stands
 * for each node's local disk ({@code /var/vd/vol3} on node01 is {@code root("node01")/var/vd/vol3}).
 * Node {@code i} (1-based) owns the pod network {@code 10.244.i.0/24}.
 */
public final class NodeRegistry {

  private final Map<String, NodeOptions> nodes;
  private final Map<String, Path> roots = new LinkedHashMap<>();
  private final List<String> names;

  public NodeRegistry(List<NodeOptions> nodes, Path nodesDir) {
    Map<String, NodeOptions> byName = new LinkedHashMap<>();
    nodes.forEach(node -> byName.put(node.name(), node));
    this.nodes = Collections.unmodifiableMap(byName);
    this.names = List.copyOf(byName.keySet());
    for (String name : names) {
      Path root = nodesDir.resolve(name);
      try {
        Files.createDirectories(root);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the directory of node " + name, e);
      }
      roots.put(name, root);
    }
  }

  public List<String> names() {
    return names;
  }

  public boolean contains(String node) {
    return nodes.containsKey(node);
  }

  public NodeOptions options(String node) {
    return require(node);
  }

  /** The directory standing for the node's filesystem root. */
  public Path root(String node) {
    require(node);
    return roots.get(node);
  }

  /**
   * Where a path on the node lives on this machine: {@code hostPath("node01", "/var/vd/vol3")}.
   *
   * @throws IllegalArgumentException when the node is unknown or the path escapes the node's root
   */
  public Path hostPath(String node, String nodePath) {
    Path root = root(node);
    Path resolved = root.resolve(nodePath.replaceFirst("^/+", "")).normalize();
    if (!resolved.startsWith(root)) {
      throw new IllegalArgumentException("path " + nodePath + " leaves the root of node " + node);
    }
    return resolved;
  }

  /** The 1-based position of the node, which numbers its pod network. */
  public int index(String node) {
    require(node);
    return names.indexOf(node) + 1;
  }

  public String podCidr(String node) {
    return "10.244." + index(node) + ".0/24";
  }

  /** The node's own address on the (simulated) machine network. */
  public String internalIp(String node) {
    return "192.168.122." + (10 + index(node));
  }

  private NodeOptions require(String node) {
    NodeOptions options = nodes.get(node);
    if (options == null) {
      throw new IllegalArgumentException("no node named " + node + "; the nodes are " + new ArrayList<>(names));
    }
    return options;
  }
}
