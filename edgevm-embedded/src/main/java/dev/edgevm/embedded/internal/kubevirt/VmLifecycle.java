package dev.edgevm.embedded.internal.kubevirt;

import dev.edgevm.embedded.internal.api.ApiException;
import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.api.ObjectStore;
import dev.edgevm.embedded.internal.api.StoredObject;
import dev.edgevm.embedded.internal.api.Statuses;
import dev.edgevm.embedded.internal.catalog.KubeVirtTypes;
import dev.edgevm.embedded.internal.json.Json;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * virt-api's start, stop and restart of a VM ({@code PUT .../virtualmachines/{name}/start}):
 * the same decisions per run strategy, the same Status errors for transitions that make no sense,
 * 202 Accepted when the request is recorded (in the spec for Always/Halted, as state change
 * requests for the VM controller otherwise), nothing written on a dry run.
 */
final class VmLifecycle {

  private final ObjectStore store;
  private final ClusterApi api;

  VmLifecycle(ObjectStore store, ClusterApi api) {
    this.store = store;
    this.api = api;
  }

  MockResponse start(String namespace, String name, ObjectNode options) {
    boolean paused = Json.bool(options, false, "paused");
    boolean dryRun = KubeVirtErrors.isDryRun(options);
    JsonNode vm = fetchVm(namespace, name);
    JsonNode vmi = vmi(namespace, name);
    if (vmi != null && !Vmis.isFinal(vmi) && !Vmis.phase(vmi).equals("Unknown") && !Vmis.phase(vmi).isEmpty()) {
      throw KubeVirtErrors.conflict("virtualmachine", name, "VM is already running");
    }
    String strategy = strategy(vm);
    switch (strategy) {
      case RunStrategies.HALTED:
        // virt-api skips the request only when the template's startStrategy is the very pointer it
        // compares with, which it never is: a paused start always goes through a start request
        if (paused) {
          ObjectNode request = Json.object().put("action", StateChangeRequests.START);
          request.putObject("data").put("paused", "true");
          requestChange(namespace, name, dryRun, List.of(request));
        } else {
          setRunning(namespace, name, true, dryRun);
        }
        break;
      case RunStrategies.RERUN_ON_FAILURE:
      case RunStrategies.MANUAL:
        boolean rerun = strategy.equals(RunStrategies.RERUN_ON_FAILURE);
        if (rerun && vmi != null && Vmis.phase(vmi).equals(Vmis.FAILED)) {
          throw KubeVirtErrors.conflict("virtualmachine", name,
              RunStrategies.RERUN_ON_FAILURE + " does not support starting VM from failed state");
        }
        boolean needsRestart = vmi != null && (rerun ? Vmis.phase(vmi).equals(Vmis.SUCCEEDED) : Vmis.isFinal(vmi));
        ObjectNode start = Json.object().put("action", StateChangeRequests.START);
        if (paused) {
          start.putObject("data").put("paused", "true");
        }
        requestChange(namespace, name, dryRun, needsRestart ? List.of(stop(vmi), start) : List.of(start));
        break;
      default:
        throw KubeVirtErrors.conflict("virtualmachine", name, strategy + " does not support manual start requests");
    }
    return accepted();
  }

  MockResponse stop(String namespace, String name, ObjectNode options) {
    boolean dryRun = KubeVirtErrors.isDryRun(options);
    Long gracePeriod = options.has("gracePeriod") && options.get("gracePeriod").isNumber()
        ? options.get("gracePeriod").asLong() : null;
    JsonNode vm = fetchVm(namespace, name);
    String strategy = strategy(vm);
    JsonNode vmi = vmi(namespace, name);
    boolean hasVmi = vmi != null;
    long oldGracePeriod = 0;
    Long vmiGracePeriod = hasVmi && vmi.path("spec").path("terminationGracePeriodSeconds").isNumber()
        ? vmi.path("spec").path("terminationGracePeriodSeconds").asLong() : null;
    if (hasVmi && !Vmis.isFinal(vmi) && gracePeriod != null) {
      oldGracePeriod = vmiGracePeriod == null ? 0 : vmiGracePeriod;
      if (!dryRun) {
        api.update(KubeVirtTypes.VIRTUAL_MACHINE_INSTANCES, namespace, name, current -> {
          Json.with(current, "spec").put("terminationGracePeriodSeconds", gracePeriod);
          return current;
        });
      }
    }
    switch (strategy) {
      case RunStrategies.HALTED:
        if (!hasVmi || Vmis.isFinal(vmi)) {
          throw KubeVirtErrors.conflict("virtualmachine", name, "VM is not running");
        }
        if (gracePeriod == null || (vmiGracePeriod != null && gracePeriod >= oldGracePeriod)) {
          throw KubeVirtErrors.conflict("virtualmachine", name,
              RunStrategies.HALTED + " only supports manual stop requests with a shorter graceperiod");
        }
        requestChange(namespace, name, dryRun, List.of(stop(vmi)));
        break;
      case RunStrategies.RERUN_ON_FAILURE:
      case RunStrategies.MANUAL:
        if (!hasVmi || Vmis.isFinal(vmi)) {
          throw KubeVirtErrors.conflict("virtualmachine", name, "VM is not running");
        }
        requestChange(namespace, name, dryRun, List.of(stop(vmi)));
        break;
      default:
        setRunning(namespace, name, false, dryRun);
    }
    return accepted();
  }

  MockResponse restart(String namespace, String name, ObjectNode options) {
    boolean dryRun = KubeVirtErrors.isDryRun(options);
    JsonNode grace = options.get("gracePeriodSeconds");
    if (grace != null && grace.isNumber()) {
      if (grace.asLong() > 0) {
        throw new ApiException(400, Statuses.badRequest("For force restart, only gracePeriod=0 is supported for now"));
      }
      if (grace.asLong() < 0) {
        throw new ApiException(400, Statuses.badRequest("gracePeriod has to be greater or equal to 0"));
      }
    }
    JsonNode vm = fetchVm(namespace, name);
    String strategy = strategy(vm);
    if (strategy.equals(RunStrategies.HALTED) || strategy.equals(RunStrategies.ONCE)) {
      throw KubeVirtErrors.conflict("virtualmachine", name,
          "RunStategy " + strategy + " does not support manual restart requests");
    }
    JsonNode vmi = vmi(namespace, name);
    if (vmi == null) {
      throw KubeVirtErrors.conflict("virtualmachine", name, "VM is not running: " + RunStrategies.HALTED);
    }
    if (grace != null && grace.isNumber() && grace.asLong() == 0 && !dryRun) {
      api.update(KubeVirtTypes.VIRTUAL_MACHINE_INSTANCES, namespace, name, current -> {
        Json.with(current, "spec").put("terminationGracePeriodSeconds", 1);
        return current;
      });
    }
    requestChange(namespace, name, dryRun, List.of(stop(vmi), Json.object().put("action", StateChangeRequests.START)));
    return accepted();
  }

  /** Appends state change requests as getChangeRequestJson does: a lone stop replaces pending ones. */
  private void requestChange(String namespace, String name, boolean dryRun, List<ObjectNode> changes) {
    JsonNode vm = fetchVm(namespace, name);
    List<JsonNode> pending = StateChangeRequests.of(vm);
    boolean loneStop = changes.size() == 1 && StateChangeRequests.STOP.equals(Json.text(changes.get(0), "action"));
    if (!pending.isEmpty() && !loneStop) {
      throw KubeVirtErrors.internal("unable to complete request: stop/start already underway");
    }
    if (dryRun) {
      return;
    }
    api.updateStatus(KubeVirtTypes.VIRTUAL_MACHINES, namespace, name, current -> {
      ArrayNode requests = Json.withArray(current, "status", "stateChangeRequests");
      if (!requests.isEmpty() && !loneStop) {
        throw KubeVirtErrors.internal("unable to complete request: stop/start already underway");
      }
      requests.removeAll();
      changes.forEach(requests::add);
      Json.with(current, "status").remove("startFailure");
      return current;
    });
  }

  private void setRunning(String namespace, String name, boolean running, boolean dryRun) {
    if (dryRun) {
      return;
    }
    api.update(KubeVirtTypes.VIRTUAL_MACHINES, namespace, name, current -> {
      if (RunStrategies.usesRunning(current)) {
        Json.with(current, "spec").put("running", running);
      } else {
        Json.with(current, "spec").put("runStrategy", running ? RunStrategies.ALWAYS : RunStrategies.HALTED);
      }
      return current;
    });
  }

  private static ObjectNode stop(JsonNode vmi) {
    return Json.object().put("action", StateChangeRequests.STOP).put("uid", Json.uid(vmi));
  }

  private JsonNode fetchVm(String namespace, String name) {
    return store.get(KubeVirtTypes.VIRTUAL_MACHINES, namespace, name).map(StoredObject::view)
        .orElseThrow(() -> KubeVirtErrors.notFound("virtualmachine", name));
  }

  private JsonNode vmi(String namespace, String name) {
    return store.get(KubeVirtTypes.VIRTUAL_MACHINE_INSTANCES, namespace, name).map(StoredObject::view).orElse(null);
  }

  private static String strategy(JsonNode vm) {
    try {
      return RunStrategies.of(vm);
    } catch (IllegalStateException e) {
      throw KubeVirtErrors.internal(e.getMessage());
    }
  }

  private static MockResponse accepted() {
    return new MockResponse().setResponseCode(202);
  }
}
