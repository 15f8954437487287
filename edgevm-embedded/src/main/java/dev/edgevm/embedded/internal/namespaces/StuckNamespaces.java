package dev.edgevm.embedded.internal.namespaces;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.json.Json;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * Namespaces a test asked to find stuck Terminating, made so once the cluster is installed. The
 * namespace of an operator (kubevirt, cdi) is deleted the runbook's wrong way: its operator's pods
 * first, then the namespace, so what only the operator would clean up holds it (the KubeVirt
 * object's finalizer; the aggregated API its deleted pods served). Any other namespace is held
 * by a ConfigMap whose finalizer no controller removes.
 */
final class StuckNamespaces {

  /** The finalizer of content that holds a namespace made stuck (see the builder). */
  static final String ORPHANED_FINALIZER = "example.com/orphaned";

  private final ClusterApi api;
  private final InstalledOperators operators;

  StuckNamespaces(ClusterApi api, InstalledOperators operators) {
    this.api = api;
    this.operators = operators;
  }

  void makeStuck(String name) {
    Optional<String> operator = operators.operatorPodPrefix(name)
        .filter(prefix -> api.get(CoreTypes.NAMESPACES, null, name).isPresent());
    if (operator.isPresent()) {
      for (ObjectNode pod : api.list(CoreTypes.PODS, name, p -> Json.name(p).startsWith(operator.get()))) {
        api.delete(CoreTypes.PODS, name, Json.name(pod));
      }
    } else {
      Namespaces.ensure(api, name);
      ObjectNode leftover = Json.object();
      leftover.put("apiVersion", "v1");
      leftover.put("kind", "ConfigMap");
      ObjectNode metadata = leftover.putObject("metadata");
      metadata.put("name", "leftover");
      metadata.put("namespace", name);
      metadata.putArray("finalizers").add(ORPHANED_FINALIZER);
      api.create(CoreTypes.CONFIG_MAPS, leftover);
    }
    api.delete(CoreTypes.NAMESPACES, null, name);
  }
}
