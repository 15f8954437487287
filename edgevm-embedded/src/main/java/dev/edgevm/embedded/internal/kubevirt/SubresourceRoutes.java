package dev.edgevm.embedded.internal.kubevirt;

import dev.edgevm.embedded.internal.api.ApiException;
import dev.edgevm.embedded.internal.api.ApiRequest;
import dev.edgevm.embedded.internal.api.ObjectStore;
import dev.edgevm.embedded.internal.api.Route;
import dev.edgevm.embedded.internal.api.StoredObject;
import dev.edgevm.embedded.internal.api.Statuses;
import dev.edgevm.embedded.internal.catalog.KubeVirtTypes;
import dev.edgevm.embedded.internal.json.Json;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * virt-api's {@code subresources.kubevirt.io} API: VM start, stop, restart; VMI pause, unpause
 * and the serial console; version, healthz and the API's discovery document. Subresources that
 * are not simulated answer 404.
 */
final class SubresourceRoutes implements Route {

  static final String PREFIX = "/apis/subresources.kubevirt.io/";
  private static final Set<String> VERSIONS = Set.of("v1", "v1alpha3");
  private static final List<String> VM_SUBRESOURCES = List.of("start", "stop", "restart");
  private static final List<String> VMI_SUBRESOURCES = List.of("pause", "unpause", "console");

  private final ObjectStore store;
  private final VmLifecycle lifecycle;
  private final VirtHandler handler;

  SubresourceRoutes(ObjectStore store, VmLifecycle lifecycle, VirtHandler handler) {
    this.store = store;
    this.lifecycle = lifecycle;
    this.handler = handler;
  }

  @Override
  public MockResponse handle(ApiRequest request) {
    try {
      return serve(request);
    } catch (ApiException e) {
      return Statuses.response(e.status());
    }
  }

  private MockResponse serve(ApiRequest request) {
    if (request.version() == null || !VERSIONS.contains(request.version())) {
      return Statuses.response(Statuses.unknownPath());
    }
    if (request.resource() == null) {
      return Statuses.json(200, discovery(request.version()));
    }
    if (request.namespace() == null) {
      return nonResource(request);
    }
    String sub = request.subresource();
    if (request.name() == null || sub == null) {
      return Statuses.response(Statuses.unknownPath());
    }
    if (request.resource().equals("virtualmachines") && VM_SUBRESOURCES.contains(sub)) {
      requireMethod(request, "PUT");
      ObjectNode options = options(request);
      switch (sub) {
        case "start":
          return lifecycle.start(request.namespace(), request.name(), options);
        case "stop":
          return lifecycle.stop(request.namespace(), request.name(), options);
        default:
          return lifecycle.restart(request.namespace(), request.name(), options);
      }
    }
    if (request.resource().equals("virtualmachineinstances") && VMI_SUBRESOURCES.contains(sub)) {
      if (sub.equals("console")) {
        requireMethod(request, "GET");
        return console(request);
      }
      requireMethod(request, "PUT");
      return pause(request, sub.equals("pause"), options(request));
    }
    return Statuses.response(Statuses.unknownPath());
  }

  private MockResponse pause(ApiRequest request, boolean pause, ObjectNode options) {
    String name = request.name();
    if (!pause) {
      store.get(KubeVirtTypes.VIRTUAL_MACHINES, request.namespace(), name)
          .filter(vm -> !vm.view().path("status").path("snapshotInProgress").isMissingNode()
              && !vm.view().path("status").path("snapshotInProgress").isNull())
          .ifPresent(vm -> {
            throw KubeVirtErrors.conflict("virtualmachine", name, "VM snapshot is in progress");
          });
    }
    JsonNode vmi = fetchVmi(request.namespace(), name);
    if (pause) {
      if (!Vmis.isRunning(vmi)) {
        throw KubeVirtErrors.conflict("virtualmachineinstance", name, "VM is not running");
      }
      JsonNode probe = vmi.path("spec").path("livenessProbe");
      if (probe.isObject() && !probe.has("guestAgentPing")) {
        throw KubeVirtErrors.forbidden("virtualmachineinstance", name,
            "Pausing VMIs with a non-GuestAgentPing LivenessProbe is not supported");
      }
      if (Conditions.has(vmi, "Paused")) {
        throw KubeVirtErrors.conflict("virtualmachineinstance", name, "VMI is already paused");
      }
    } else {
      if (!Vmis.isRunning(vmi)) {
        throw KubeVirtErrors.conflict("virtualmachineinstance", name, "VMI is not running");
      }
      if (!Conditions.has(vmi, "Paused")) {
        throw KubeVirtErrors.conflict("virtualmachineinstance", name, "VMI is not paused");
      }
    }
    if (!KubeVirtErrors.isDryRun(options)) {
      handler.setPaused(vmi, pause);
    }
    return new MockResponse().setResponseCode(200);
  }

  private MockResponse console(ApiRequest request) {
    JsonNode vmi = fetchVmi(request.namespace(), request.name());
    if (!Json.bool(vmi, true, "spec", "domain", "devices", "autoattachSerialConsole")) {
      throw KubeVirtErrors.badRequest("No serial consoles are present.");
    }
    if (Vmis.phase(vmi).equals(Vmis.FAILED)) {
      throw KubeVirtErrors.conflict("virtualmachineinstance", request.name(), "VMI is in failed status");
    }
    if (!Vmis.isRunning(vmi)) {
      throw KubeVirtErrors.badRequest("VMI is not running");
    }
    String upgrade = request.header("Upgrade");
    if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
      throw KubeVirtErrors.badRequest("websocket: the client is not using the websocket protocol: "
          + "'upgrade' token not found in 'Connection' header");
    }
    return new MockResponse().withWebSocketUpgrade(new ConsoleSession(request.name()));
  }

  private MockResponse nonResource(ApiRequest request) {
    switch (request.resource()) {
      case "version":
        ObjectNode version = Json.object();
        version.put("gitVersion", KubeVirtInstall.VERSION);
        version.put("gitCommit", "");
        version.put("gitTreeState", "clean");
        version.put("buildDate", "");
        version.put("goVersion", "");
        version.put("compiler", "gc");
        version.put("platform", "linux/amd64");
        return Statuses.json(200, version);
      case "healthz":
        ObjectNode health = Json.object();
        health.put("apiserver", "ok");
        health.put("restful", "ok");
        return Statuses.json(200, health);
      default:
        return Statuses.response(Statuses.unknownPath());
    }
  }

  private JsonNode fetchVmi(String namespace, String name) {
    return store.get(KubeVirtTypes.VIRTUAL_MACHINE_INSTANCES, namespace, name).map(StoredObject::view)
        .orElseThrow(() -> KubeVirtErrors.notFound("virtualmachineinstance", name));
  }

  private static void requireMethod(ApiRequest request, String method) {
    if (!request.method().equals(method)) {
      throw new ApiException(405, Statuses.methodNotAllowed("the server does not allow this method on the requested resource"));
    }
  }

  private static ObjectNode options(ApiRequest request) {
    String body = request.body();
    if (body.isBlank()) {
      return Json.object();
    }
    try {
      return Json.parse(body);
    } catch (RuntimeException e) {
      throw KubeVirtErrors.badRequest("Can not unmarshal Request body to struct, error: " + e.getMessage());
    }
  }

  private static ObjectNode discovery(String version) {
    ObjectNode list = Json.object();
    list.put("kind", "APIResourceList");
    list.put("apiVersion", "v1");
    list.put("groupVersion", "subresources.kubevirt.io/" + version);
    ArrayNode resources = list.putArray("resources");
    for (String sub : VMI_SUBRESOURCES) {
      resource(resources, "virtualmachineinstances/" + sub, sub.equals("console") ? "get" : "update");
    }
    for (String sub : VM_SUBRESOURCES) {
      resource(resources, "virtualmachines/" + sub, "update");
    }
    return list;
  }

  private static void resource(ArrayNode resources, String name, String verb) {
    ObjectNode resource = resources.addObject();
    resource.put("name", name);
    resource.put("singularName", "");
    resource.put("namespaced", true);
    resource.put("kind", "");
    resource.putArray("verbs").add(verb);
  }
}
