package dev.edgevm.embedded.internal.namespaces;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.api.ObjectEvent;
import dev.edgevm.embedded.internal.api.ResourceType;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.runtime.ClusterComponent;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.runtime.ControllerLoop;
import dev.edgevm.embedded.internal.runtime.ObjectRef;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The standard namespaces, and the namespace controller: a deleted namespace turns Terminating,
 * its content is deleted, and once nothing is left its "kubernetes" finalizer is removed and it
 * goes. Content held by finalizers nobody removes, or an aggregated API whose pods are gone,
 * keeps it Terminating, with the conditions the real controller reports, until someone clears it
 * through {@code /finalize}. Provides {@link InstalledOperators} to the components that install one.
 */
public final class NamespacesComponent implements ClusterComponent {

  private static final List<String> STANDARD = List.of("default", "kube-system", "kube-public", "kube-node-lease");

  private ClusterApi api;
  private InstalledOperators operators;

  @Override
  public void start(ClusterContext context) {
    this.api = context.api();
    this.operators = context.provide(InstalledOperators.class, new InstalledOperators());
    ControllerLoop<ObjectRef> loop = context.controller("namespace-controller", ref -> reconcile(context, ref.name()));
    context.subscribe(CoreTypes.NAMESPACES, event -> {
      if (event.after() != null && Json.deleting(event.after().view())) {
        loop.enqueue(new ObjectRef(null, event.name()));
      }
    });
    context.store().subscribeAll(event -> requeueTerminating(context, loop, event));
    Set<String> names = new LinkedHashSet<>(STANDARD);
    names.addAll(context.settings().namespaces());
    names.forEach(name -> Namespaces.ensure(api, name));
  }

  /** Namespaces asked for stuck are made so once KubeVirt and CDI are installed. */
  @Override
  public void started(ClusterContext context) {
    StuckNamespaces stuck = new StuckNamespaces(api, operators);
    context.settings().stuckNamespaces().forEach(stuck::makeStuck);
  }

  private void requeueTerminating(ClusterContext context, ControllerLoop<ObjectRef> loop, ObjectEvent event) {
    if (event.resource().equals(CoreTypes.PODS) && operators.servesAnApi(event.key())) {
      // an aggregated API came or went: every Terminating namespace waits for it
      context.store().list(CoreTypes.NAMESPACES, null, Json::deleting)
          .forEach(ns -> loop.enqueue(new ObjectRef(null, ns.key().name())));
      return;
    }
    if (event.type() != ObjectEvent.Type.ADDED && event.namespace() != null
        && !event.resource().equals(CoreTypes.NAMESPACES)) {
      context.store().get(CoreTypes.NAMESPACES, null, event.namespace())
          .filter(ns -> Json.deleting(ns.view()))
          .ifPresent(ns -> loop.enqueue(new ObjectRef(null, event.namespace())));
    }
  }

  private void reconcile(ClusterContext context, String name) {
    ObjectNode namespace = api.get(CoreTypes.NAMESPACES, null, name).orElse(null);
    if (namespace == null || !Json.deleting(namespace)) {
      return;
    }
    NamespaceConditions conditions = new NamespaceConditions();
    for (ResourceType type : context.catalog().all()) {
      if (!type.namespaced() || !type.verbs().contains("delete")) {
        continue;
      }
      for (ObjectNode object : api.list(type, name)) {
        if (!Json.deleting(object)) {
          api.delete(type, name, Json.name(object));
        }
        Optional<ObjectNode> left = api.get(type, name, Json.name(object));
        left.ifPresent(remaining -> conditions.remaining(type.plural(), type.group(), remaining));
      }
    }
    // pods go at once here (no graceful termination): an API they served fails discovery already
    conditions.discoveryFailed(operators.unavailable(context.store()));
    if (conditions.clear()) {
      ObjectNode body = namespace.deepCopy();
      ArrayNode finalizers = Json.withArray(body, "spec", "finalizers");
      finalizers.removeAll();
      api.request("PUT", CoreTypes.NAMESPACES.objectPath(null, name) + "/finalize", Json.write(body));
      return;
    }
    api.updateStatus(CoreTypes.NAMESPACES, null, name, conditions::applyTo);
  }
}
