package dev.edgevm.embedded.internal.runtime;

import dev.edgevm.embedded.NodeOptions;
import java.util.List;
import java.util.Set;

/**
 * What the builder configured, for the components to read.
 *
 * @param seed                the seed all randomness derives from
 * @param nodes               the nodes, in order
 * @param unpullableImages    container images whose pull fails (ErrImagePull, then ImagePullBackOff)
 * @param namespaces          namespaces to create at start, besides the standard ones
 * @param stuckNamespaces     namespaces created Terminating and held by a finalizer nobody removes
 */
public record ClusterSettings(long seed, List<NodeOptions> nodes, Set<String> unpullableImages,
    List<String> namespaces, List<String> stuckNamespaces) {

  public ClusterSettings {
    nodes = List.copyOf(nodes);
    unpullableImages = Set.copyOf(unpullableImages);
    namespaces = List.copyOf(namespaces);
    stuckNamespaces = List.copyOf(stuckNamespaces);
  }
}
