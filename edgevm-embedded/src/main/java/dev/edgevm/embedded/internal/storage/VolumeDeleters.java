package dev.edgevm.embedded.internal.storage;

import dev.edgevm.embedded.internal.json.Json;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * What deletes a volume released under the Delete reclaim policy, as Kubernetes' PV controller
 * finds it: the {@code edge-csi} provisioner its own volumes, the in-tree hostPath deleter paths
 * under {@code /tmp/} (on the controller's machine, so the node's files stay), nobody local and
 * other volumes: those are left Failed with the controller's message.
 */
final class VolumeDeleters {

  private static final Pattern HOST_PATH_DELETABLE = Pattern.compile("/tmp/.+");

  private VolumeDeleters() {
  }

  /** Why the released volume cannot be deleted, in the PV controller's words; empty when it can. */
  static Optional<String> refusal(JsonNode pv) {
    if (CsiProvisioner.ours(pv)) {
      return Optional.empty();
    }
    String hostPath = Json.text(pv, "spec", "hostPath", "path");
    if (hostPath != null) {
      return HOST_PATH_DELETABLE.matcher(hostPath).find() ? Optional.empty()
          : Optional.of("host_path deleter only supports /tmp/.+ but received provided " + hostPath);
    }
    return Optional.of("error getting deleter volume plugin for volume \"" + Json.name(pv)
        + "\": no deletable volume plugin matched");
  }
}
