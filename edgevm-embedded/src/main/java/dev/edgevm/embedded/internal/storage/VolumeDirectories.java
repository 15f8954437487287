package dev.edgevm.embedded.internal.storage;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.nodes.NodeRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Where the data of a volume lives on this machine: a PV's path on its node, mapped into that
 * node's directory. Shared by everything that touches volume contents (CDI, jobs, snapshots).
 */
public final class VolumeDirectories {

  /** A volume's directory and the node it is on. */
  public record Location(String node, String nodePath, Path directory) {
  }

  private final ClusterApi api;
  private final NodeRegistry nodes;

  public VolumeDirectories(ClusterApi api, NodeRegistry nodes) {
    this.api = api;
    this.nodes = nodes;
  }

  /** The PV's directory, when the PV names a node of this cluster and a path. */
  public Optional<Location> of(JsonNode pv) {
    String node = Volumes.node(pv);
    String path = Volumes.nodePath(pv);
    if (node == null || path == null || !nodes.contains(node)) {
      return Optional.empty();
    }
    return Optional.of(new Location(node, path, nodes.hostPath(node, path)));
  }

  /** The directory of the volume bound to a claim, when the claim is bound. */
  public Optional<Location> ofClaim(String namespace, String claim) {
    return api.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, namespace, claim)
        .filter(pvc -> "Bound".equals(Json.text(pvc, "status", "phase")))
        .map(pvc -> Json.text(pvc, "spec", "volumeName"))
        .flatMap(volume -> api.get(CoreTypes.PERSISTENT_VOLUMES, null, volume))
        .flatMap(this::of);
  }

  /** Creates the PV's directory on its node (as the local volume's admin or the CSI driver would). */
  public Optional<Location> ensure(JsonNode pv) {
    Optional<Location> location = of(pv);
    location.ifPresent(l -> {
      try {
        Files.createDirectories(l.directory());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + l.directory(), e);
      }
    });
    return location;
  }

  public NodeRegistry nodes() {
    return nodes;
  }
}
