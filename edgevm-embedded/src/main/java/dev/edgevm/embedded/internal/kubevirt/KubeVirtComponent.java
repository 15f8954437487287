package dev.edgevm.embedded.internal.kubevirt;

import dev.edgevm.embedded.internal.api.ObjectEvent;
import dev.edgevm.embedded.internal.api.ObjectStore;
import dev.edgevm.embedded.internal.catalog.CdiTypes;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.catalog.KubeVirtTypes;
import dev.edgevm.embedded.internal.catalog.NetworkTypes;
import dev.edgevm.embedded.internal.discovery.Discovery;
import dev.edgevm.embedded.internal.events.EventRecorder;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.namespaces.InstalledOperators;
import dev.edgevm.embedded.internal.nodes.Kubelet;
import dev.edgevm.embedded.internal.nodes.PodNetwork;
import dev.edgevm.embedded.internal.runtime.ClusterComponent;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.runtime.ControllerLoop;
import dev.edgevm.embedded.internal.runtime.ObjectRef;
import tools.jackson.databind.JsonNode;

/**
 * KubeVirt: its installation, virt-controller's VM and VMI controllers, the virt-handlers and
 * virt-api's subresources, wired to the changes they watch.
 */
public final class KubeVirtComponent implements ClusterComponent {

  /** The label linking a virt-launcher pod to its VMI's uid. */
  static final String CREATED_BY = "kubevirt.io/created-by";

  @Override
  public void start(ClusterContext context) {
    ObjectStore store = context.store();
    store.indexLabel(CoreTypes.PODS, CREATED_BY);
    EventRecorder events = context.service(EventRecorder.class);
    new KubeVirtInstall(context.api(), context.nodes(), context.service(PodNetwork.class), context.random()).install();
    context.optionalService(InstalledOperators.class).ifPresent(operators -> {
      operators.operator(KubeVirtInstall.NAMESPACE, "virt-operator-");
      operators.aggregatedApi("subresources.kubevirt.io/v1", KubeVirtInstall.NAMESPACE, "virt-api-");
    });

    VmController vms = new VmController(store, context.api(), events);
    VmiController vmis = new VmiController(store, context.api(), events);
    VirtHandler handler = new VirtHandler(store, context.api(), events, context.service(Kubelet.class), context.random());
    ControllerLoop<ObjectRef> vmLoop = context.controller("virtualmachine-controller", vms::reconcile, 2);
    ControllerLoop<ObjectRef> vmiLoop = context.controller("virtualmachineinstance-controller", vmis::reconcile, 2);
    ControllerLoop<ObjectRef> handlerLoop = context.controller("virt-handler", handler::reconcile, 2);
    handler.loop(handlerLoop);
    context.service(Kubelet.class).terminatesGracefully(handler::hostsGuest);

    context.subscribe(KubeVirtTypes.VIRTUAL_MACHINES, event -> vmLoop.enqueue(ref(event)));
    context.subscribe(KubeVirtTypes.VIRTUAL_MACHINE_INSTANCES, event -> {
      vmiLoop.enqueue(ref(event));
      handlerLoop.enqueue(ref(event));
      for (JsonNode owner : Json.items(event.latest().view(), "metadata", "ownerReferences")) {
        if ("VirtualMachine".equals(Json.text(owner, "kind"))) {
          vmLoop.enqueue(new ObjectRef(event.namespace(), Json.text(owner, "name")));
        }
      }
    });
    context.subscribe(CoreTypes.PODS, event -> {
      JsonNode pod = event.latest().view();
      if (VirtHandler.isHandler(pod) && Json.text(pod, "spec", "nodeName") != null) {
        // a scan under the store's lock, but virt-handler pods come and go rarely
        handler.enqueueVmisOn(Json.text(pod, "spec", "nodeName"));
        return;
      }
      if (!"virt-launcher".equals(Json.labels(pod).get("kubevirt.io"))) {
        return;
      }
      for (JsonNode owner : Json.items(pod, "metadata", "ownerReferences")) {
        if ("VirtualMachineInstance".equals(Json.text(owner, "kind"))) {
          ObjectRef vmi = new ObjectRef(event.namespace(), Json.text(owner, "name"));
          vmiLoop.enqueue(vmi);
          handlerLoop.enqueue(vmi);
        }
      }
    });
    // finding the users of a volume or network takes a scan: done by a worker, not under the store's lock
    ControllerLoop<ObjectRef> volumeUsers = context.controller("kubevirt-volume-users",
        volume -> requeueUsers(store, volume, vmLoop, vmiLoop));
    context.subscribe(CdiTypes.DATA_VOLUMES, event -> volumeUsers.enqueue(ref(event)));
    context.subscribe(CoreTypes.PERSISTENT_VOLUME_CLAIMS, event -> volumeUsers.enqueue(ref(event)));
    ControllerLoop<String> networkUsers = context.controller("kubevirt-network-users", namespace ->
        store.list(KubeVirtTypes.VIRTUAL_MACHINE_INSTANCES, namespace, Vmis::isUnprocessed)
            .forEach(vmi -> vmiLoop.enqueue(new ObjectRef(vmi.key().namespace(), vmi.key().name()))));
    context.subscribe(NetworkTypes.NETWORK_ATTACHMENT_DEFINITIONS, event -> networkUsers.enqueue(event.namespace()));
    context.service(Discovery.class).aggregatedGroup("subresources.kubevirt.io", "v1", "v1alpha3");
    context.routes().prefix(SubresourceRoutes.PREFIX,
        new SubresourceRoutes(store, new VmLifecycle(store, context.api()), handler));
  }

  private static ObjectRef ref(ObjectEvent event) {
    return new ObjectRef(event.namespace(), event.name());
  }

  /** VMs and VMIs whose volumes name the claim or DataVolume that changed. */
  private static void requeueUsers(ObjectStore store, ObjectRef volume, ControllerLoop<ObjectRef> vmLoop,
      ControllerLoop<ObjectRef> vmiLoop) {
    String name = volume.name();
    store.list(KubeVirtTypes.VIRTUAL_MACHINES, volume.namespace(),
        vm -> Vmis.claims(vm.path("spec").path("template")).contains(name))
        .forEach(vm -> vmLoop.enqueue(new ObjectRef(vm.key().namespace(), vm.key().name())));
    store.list(KubeVirtTypes.VIRTUAL_MACHINE_INSTANCES, volume.namespace(), vmi -> Vmis.claims(vmi).contains(name))
        .forEach(vmi -> vmiLoop.enqueue(new ObjectRef(vmi.key().namespace(), vmi.key().name())));
  }
}
