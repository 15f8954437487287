package dev.edgevm.embedded;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Plain fabric8 access to KubeVirt objects for the tests: no SDK, just the API. */
public final class Kube {

  public static final ResourceDefinitionContext VMS = context("kubevirt.io", "v1", "virtualmachines", "VirtualMachine");
  public static final ResourceDefinitionContext VMIS = context("kubevirt.io", "v1", "virtualmachineinstances",
      "VirtualMachineInstance");
  public static final ResourceDefinitionContext NADS = context("k8s.cni.cncf.io", "v1", "network-attachment-definitions",
      "NetworkAttachmentDefinition");
  public static final ResourceDefinitionContext KUBEVIRTS = context("kubevirt.io", "v1", "kubevirts", "KubeVirt");
  public static final ResourceDefinitionContext DATA_VOLUMES = context("cdi.kubevirt.io", "v1beta1", "datavolumes",
      "DataVolume");

  private Kube() {
  }

  private static ResourceDefinitionContext context(String group, String version, String plural, String kind) {
    return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withPlural(plural)
        .withKind(kind).withNamespaced(true).build();
  }

  public static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
      of(KubernetesClient client, ResourceDefinitionContext context) {
    return client.genericKubernetesResources(context);
  }

  public static GenericKubernetesResource yaml(String text) {
    return Serialization.unmarshal(text, GenericKubernetesResource.class);
  }

  /** A cirros VM on a container disk, as in the runbook's stateless example. */
  public static GenericKubernetesResource cirros(String name, String runStrategy) {
    return yaml(String.join("\n",
        "apiVersion: kubevirt.io/v1",
        "kind: VirtualMachine",
        "metadata:",
        "  name: " + name,
        "spec:",
        "  runStrategy: " + runStrategy,
        "  template:",
        "    metadata:",
        "      labels:",
        "        app: " + name,
        "    spec:",
        "      domain:",
        "        cpu: {cores: 2}",
        "        memory: {guest: 2056M}",
        "        devices:",
        "          disks:",
        "          - name: root",
        "            disk: {bus: virtio}",
        "          interfaces:",
        "          - name: default",
        "            masquerade: {}",
        "      networks:",
        "      - name: default",
        "        pod: {}",
        "      volumes:",
        "      - name: root",
        "        containerDisk: {image: kubevirt/cirros-registry-disk-demo}",
        ""));
  }

  /**
   * A local-storage PV on the node's directory {@code path}, as the runbook makes them, pre-bound
   * to the claim {@code default/<claim>} unless the claim is null.
   */
  public static io.fabric8.kubernetes.api.model.PersistentVolume localVolume(String name, String node, String path,
      String size, String claim) {
    io.fabric8.kubernetes.api.model.PersistentVolumeBuilder pv = new io.fabric8.kubernetes.api.model.PersistentVolumeBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec()
        .addToCapacity("storage", new io.fabric8.kubernetes.api.model.Quantity(size))
        .withAccessModes("ReadWriteOnce")
        .withPersistentVolumeReclaimPolicy("Retain")
        .withStorageClassName("local-storage")
        .withNewLocal().withPath(path).endLocal()
        .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
        .withKey("kubernetes.io/hostname").withOperator("In").withValues(node)
        .endMatchExpression().endNodeSelectorTerm().endRequired().endNodeAffinity()
        .endSpec();
    if (claim != null) {
      pv.editSpec().withNewClaimRef().withNamespace("default").withName(claim).endClaimRef().endSpec();
    }
    return pv.build();
  }

  /** A DataVolume in {@code default} with a blank image of that size on a local-storage claim. */
  public static GenericKubernetesResource blankDataVolume(String name, String size) {
    return yaml(String.join("\n",
        "apiVersion: cdi.kubevirt.io/v1beta1",
        "kind: DataVolume",
        "metadata: {name: " + name + ", namespace: default}",
        "spec:",
        "  source: {blank: {}}",
        "  pvc: {accessModes: [ReadWriteOnce], resources: {requests: {storage: " + size + "}},"
            + " storageClassName: local-storage}"));
  }

  public static GenericKubernetesResource create(KubernetesClient client, ResourceDefinitionContext context,
      String namespace, GenericKubernetesResource object) {
    return of(client, context).inNamespace(namespace).resource(object).create();
  }

  public static GenericKubernetesResource get(KubernetesClient client, ResourceDefinitionContext context,
      String namespace, String name) {
    return of(client, context).inNamespace(namespace).withName(name).get();
  }

  /** Waits (on a watch) until the object satisfies the condition; null is passed while it does not exist. */
  public static GenericKubernetesResource await(KubernetesClient client, ResourceDefinitionContext context,
      String namespace, String name, Predicate<GenericKubernetesResource> condition) {
    try {
      return of(client, context).inNamespace(namespace).withName(name).waitUntilCondition(condition, Waits.SECONDS,
          TimeUnit.SECONDS);
    } catch (KubernetesClientTimeoutException e) {
      throw new AssertionError(e.getMessage() + "\n" + stateOf(client, context, namespace, name), e);
    }
  }

  /**
   * What a failed wait saw: the object as a fresh read returns it (a match here means the watch
   * missed the change), the namespace's pods and events (what a controller was waiting for), and
   * the cluster's threads that were not idle (a controller stuck in a call).
   */
  private static String stateOf(KubernetesClient client, ResourceDefinitionContext context, String namespace,
      String name) {
    StringBuilder state = new StringBuilder();
    try {
      state.append("the object now: ").append(Serialization.asJson(get(client, context, namespace, name)));
      for (var pod : client.pods().inNamespace(namespace).list().getItems()) {
        state.append("\npod ").append(pod.getMetadata().getName()).append(": ")
            .append(Serialization.asJson(pod.getStatus()));
      }
      for (var event : client.v1().events().inNamespace(namespace).list().getItems()) {
        state.append("\nevent ").append(event.getInvolvedObject().getKind()).append('/')
            .append(event.getInvolvedObject().getName()).append(' ').append(event.getReason()).append(": ")
            .append(event.getMessage());
      }
    } catch (RuntimeException e) {
      state.append("\n(reading the state failed: ").append(e).append(')');
    }
    Thread.getAllStackTraces().forEach((thread, stack) -> {
      if (thread.getName().startsWith("edgevm-") && !idle(stack)) {
        state.append("\nthread ").append(thread.getName()).append(' ').append(thread.getState());
        for (int i = 0; i < Math.min(stack.length, 12); i++) {
          state.append("\n    at ").append(stack[i]);
        }
      }
    });
    return state.toString();
  }

  /** A thread waiting for work: none of our code on its stack, a controller loop waiting for a key, an acceptor. */
  private static boolean idle(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      if (frame.getClassName().startsWith("dev.edgevm.")) {
        return frame.getClassName().endsWith("ControllerLoop") && frame.getMethodName().equals("work")
            || frame.getMethodName().equals("acceptLoop");
      }
    }
    return true;
  }

  public static GenericKubernetesResource awaitStatus(KubernetesClient client, String namespace, String vm,
      String printableStatus) {
    return await(client, VMS, namespace, vm, r -> r != null && printableStatus.equals(r.get("status", "printableStatus")));
  }

  /** Waits (on a watch) until an Event in the namespace satisfies the condition, and returns it. */
  public static io.fabric8.kubernetes.api.model.Event awaitEvent(KubernetesClient client, String namespace,
      Predicate<io.fabric8.kubernetes.api.model.Event> condition) {
    java.util.concurrent.CompletableFuture<io.fabric8.kubernetes.api.model.Event> found =
        new java.util.concurrent.CompletableFuture<>();
    var informer = client.v1().events().inNamespace(namespace).inform(
        new io.fabric8.kubernetes.client.informers.ResourceEventHandler<io.fabric8.kubernetes.api.model.Event>() {
          @Override
          public void onAdd(io.fabric8.kubernetes.api.model.Event event) {
            check(event);
          }

          @Override
          public void onUpdate(io.fabric8.kubernetes.api.model.Event old, io.fabric8.kubernetes.api.model.Event event) {
            check(event);
          }

          @Override
          public void onDelete(io.fabric8.kubernetes.api.model.Event event, boolean unknown) {
          }

          private void check(io.fabric8.kubernetes.api.model.Event event) {
            if (condition.test(event)) {
              found.complete(event);
            }
          }
        });
    try {
      return found.get(Waits.SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("no event in " + namespace + " matched within " + Waits.SECONDS + " s", e);
    } finally {
      informer.close();
    }
  }

  public static Object at(GenericKubernetesResource object, Object... path) {
    return object == null ? null : object.get(path);
  }

  /** A raw HTTP request to the API server (for subresources): status code and body. */
  public static HttpResponse<String> request(KubernetesClient client, String method, String path, String body) {
    String url = client.getMasterUrl().toString().replaceFirst("/$", "") + path;
    HttpRequest.Builder builder = client.getHttpClient().newHttpRequestBuilder().uri(url);
    HttpRequest request = method.equals("GET") ? builder.build() : builder.method(method, "application/json",
        body == null ? "" : body).build();
    try {
      return client.getHttpClient().sendAsync(request, String.class).get(Waits.SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    }
  }

  public static HttpResponse<String> vmSubresource(KubernetesClient client, String namespace, String vm,
      String action, String body) {
    return request(client, "PUT", "/apis/subresources.kubevirt.io/v1/namespaces/" + namespace + "/virtualmachines/"
        + vm + "/" + action, body == null ? "{}" : body);
  }

  public static HttpResponse<String> vmiSubresource(KubernetesClient client, String namespace, String vmi,
      String action, String body) {
    return request(client, "PUT", "/apis/subresources.kubevirt.io/v1/namespaces/" + namespace
        + "/virtualmachineinstances/" + vmi + "/" + action, body == null ? "{}" : body);
  }
}
