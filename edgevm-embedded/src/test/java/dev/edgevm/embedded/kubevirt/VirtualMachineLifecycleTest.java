package dev.edgevm.embedded.kubevirt;

import static dev.edgevm.embedded.Kube.VMIS;
import static dev.edgevm.embedded.Kube.VMS;
import static dev.edgevm.embedded.Kube.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EnableEmbeddedEdgeCluster;
import dev.edgevm.embedded.Kube;
import dev.edgevm.embedded.Waits;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@EnableEmbeddedEdgeCluster(nodes = 3)
class VirtualMachineLifecycleTest {

  static KubernetesClient client;

  private static final String NS = "default";

  @Test
  void runStrategyAlways_reachesRunningWithPodAddressOnANode() {
    Kube.create(client, VMS, NS, Kube.cirros("always", "Always"));

    Kube.awaitStatus(client, NS, "always", "Running");
    GenericKubernetesResource vm = Kube.await(client, VMS, NS, "always", r -> Boolean.TRUE.equals(at(r, "status", "ready")));
    GenericKubernetesResource vmi = Kube.get(client, VMIS, NS, "always");

    assertThat(at(vm, "status", "printableStatus")).isEqualTo("Running");
    assertThat(at(vm, "status", "created")).isEqualTo(true);
    assertThat(at(vmi, "status", "phase")).isEqualTo("Running");
    String node = (String) at(vmi, "status", "nodeName");
    assertThat(node).isIn("node01", "node02", "node03");
    Pod launcher = client.pods().inNamespace(NS).withLabel("kubevirt.io/created-by", vmi.getMetadata().getUid())
        .list().getItems().get(0);
    assertThat(launcher.getMetadata().getName()).matches("virt-launcher-always-[a-z0-9]{5}");
    assertThat(launcher.getMetadata().getLabels()).containsEntry("kubevirt.io", "virt-launcher")
        .containsEntry("vm.kubevirt.io/name", "always").containsEntry("app", "always");
    assertThat(launcher.getSpec().getNodeName()).isEqualTo(node);
    assertThat(at(vmi, "status", "interfaces", 0, "ipAddress")).isEqualTo(launcher.getStatus().getPodIP());
    int nodeIndex = Integer.parseInt(node.substring(4));
    assertThat(launcher.getStatus().getPodIP()).startsWith("10.244." + nodeIndex + ".");
  }

  @Test
  void halted_startSubresource_startsTheVm() {
    Kube.create(client, VMS, NS, Kube.cirros("halted", "Halted"));
    Kube.awaitStatus(client, NS, "halted", "Stopped");
    assertThat(Kube.get(client, VMIS, NS, "halted")).isNull();

    HttpResponse<String> started = Kube.vmSubresource(client, NS, "halted", "start", null);

    assertThat(started.code()).isEqualTo(202);
    assertThat(at(Kube.get(client, VMS, NS, "halted"), "spec", "runStrategy")).isEqualTo("Always");
    Kube.awaitStatus(client, NS, "halted", "Running");
  }

  @Test
  void stop_deletesTheVmiAndTheVmIsStopped() {
    Kube.create(client, VMS, NS, Kube.cirros("stopping", "Always"));
    Kube.awaitStatus(client, NS, "stopping", "Running");

    HttpResponse<String> stopped = Kube.vmSubresource(client, NS, "stopping", "stop", null);

    assertThat(stopped.code()).isEqualTo(202);
    Kube.awaitStatus(client, NS, "stopping", "Stopped");
    Kube.await(client, VMIS, NS, "stopping", vmi -> vmi == null);
    assertThat(at(Kube.get(client, VMS, NS, "stopping"), "spec", "runStrategy")).isEqualTo("Halted");
    assertThat(client.pods().inNamespace(NS).withLabel("vm.kubevirt.io/name", "stopping").list().getItems()).isEmpty();
  }

  @Test
  void restart_replacesTheVmi() {
    Kube.create(client, VMS, NS, Kube.cirros("restarting", "Always"));
    Kube.awaitStatus(client, NS, "restarting", "Running");
    String firstUid = Kube.get(client, VMIS, NS, "restarting").getMetadata().getUid();

    HttpResponse<String> restarted = Kube.vmSubresource(client, NS, "restarting", "restart", null);

    assertThat(restarted.code()).isEqualTo(202);
    GenericKubernetesResource second = Kube.await(client, VMIS, NS, "restarting",
        vmi -> vmi != null && !firstUid.equals(vmi.getMetadata().getUid()) && "Running".equals(at(vmi, "status", "phase")));
    assertThat(second.getMetadata().getUid()).isNotEqualTo(firstUid);
    Kube.awaitStatus(client, NS, "restarting", "Running");
  }

  @Test
  void pauseAndUnpause_changeThePrintableStatusAndReadiness() {
    Kube.create(client, VMS, NS, Kube.cirros("pausing", "Always"));
    Kube.awaitStatus(client, NS, "pausing", "Running");

    assertThat(Kube.vmiSubresource(client, NS, "pausing", "pause", null).code()).isEqualTo(200);
    GenericKubernetesResource paused = Kube.awaitStatus(client, NS, "pausing", "Paused");
    Kube.await(client, VMS, NS, "pausing", vm -> Boolean.FALSE.equals(at(vm, "status", "ready")));
    assertThat(condition(Kube.get(client, VMIS, NS, "pausing"), "Paused")).containsEntry("reason", "PausedByUser");
    assertThat(paused).isNotNull();

    assertThat(Kube.vmiSubresource(client, NS, "pausing", "unpause", null).code()).isEqualTo(200);
    Kube.awaitStatus(client, NS, "pausing", "Running");
    Kube.await(client, VMS, NS, "pausing", vm -> Boolean.TRUE.equals(at(vm, "status", "ready")));
  }

  @Test
  void invalidTransitions_areConflictsWithKubeVirtsMessages() {
    Kube.create(client, VMS, NS, Kube.cirros("invalid-running", "Halted"));
    Kube.awaitStatus(client, NS, "invalid-running", "Stopped");

    assertStatus(Kube.vmSubresource(client, NS, "invalid-running", "stop", null), 409,
        "Operation cannot be fulfilled on virtualmachine.kubevirt.io \"invalid-running\": VM is not running");
    assertStatus(Kube.vmSubresource(client, NS, "invalid-running", "restart", null), 409,
        "Operation cannot be fulfilled on virtualmachine.kubevirt.io \"invalid-running\": "
            + "RunStategy Halted does not support manual restart requests");

    Kube.vmSubresource(client, NS, "invalid-running", "start", null);
    Kube.awaitStatus(client, NS, "invalid-running", "Running");
    assertStatus(Kube.vmSubresource(client, NS, "invalid-running", "start", null), 409,
        "Operation cannot be fulfilled on virtualmachine.kubevirt.io \"invalid-running\": VM is already running");
    assertStatus(Kube.vmiSubresource(client, NS, "invalid-running", "unpause", null), 409,
        "Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io \"invalid-running\": VMI is not paused");
    Kube.vmiSubresource(client, NS, "invalid-running", "pause", null);
    assertStatus(Kube.vmiSubresource(client, NS, "invalid-running", "pause", null), 409,
        "Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io \"invalid-running\": VMI is already paused");
  }

  @Test
  void startOfAnAlwaysVm_isRefused() {
    Kube.create(client, VMS, NS, Kube.cirros("always-start", "Always"));
    Kube.awaitStatus(client, NS, "always-start", "Running");

    assertStatus(Kube.vmSubresource(client, NS, "always-start", "start", null), 409,
        "Operation cannot be fulfilled on virtualmachine.kubevirt.io \"always-start\": VM is already running");
    Kube.vmSubresource(client, NS, "always-start", "stop", null);
    Kube.awaitStatus(client, NS, "always-start", "Stopped");
    assertThat(Kube.vmSubresource(client, NS, "always-start", "start", null).code()).isEqualTo(202);
  }

  @Test
  void subresourcesOfMissingObjects_areNotFound() {
    assertStatus(Kube.vmSubresource(client, NS, "ghost", "start", null), 404,
        "virtualmachine.kubevirt.io \"ghost\" not found");
    assertStatus(Kube.vmiSubresource(client, NS, "ghost", "pause", null), 404,
        "virtualmachineinstance.kubevirt.io \"ghost\" not found");
    assertThat(Kube.vmSubresource(client, NS, "ghost", "migrate-nowhere", null).code()).isEqualTo(404);
  }

  @Test
  void pauseOfAStoppedVmi_isRefused() {
    Kube.create(client, VMS, NS, Kube.cirros("manual", "Manual"));
    Kube.awaitStatus(client, NS, "manual", "Stopped");

    assertStatus(Kube.vmiSubresource(client, NS, "manual", "pause", null), 404,
        "virtualmachineinstance.kubevirt.io \"manual\" not found");
    assertStatus(Kube.vmSubresource(client, NS, "manual", "stop", null), 409,
        "Operation cannot be fulfilled on virtualmachine.kubevirt.io \"manual\": VM is not running");
  }

  @Test
  void dryRunStart_changesNothing() {
    Kube.create(client, VMS, NS, Kube.cirros("dry", "Halted"));
    Kube.awaitStatus(client, NS, "dry", "Stopped");
    // the generation counts spec changes only: the controllers may still write the status meanwhile
    Long generation = Kube.get(client, VMS, NS, "dry").getMetadata().getGeneration();

    HttpResponse<String> response = Kube.vmSubresource(client, NS, "dry", "start", "{\"dryRun\":[\"All\"]}");

    assertThat(response.code()).isEqualTo(202);
    GenericKubernetesResource vm = Kube.get(client, VMS, NS, "dry");
    assertThat(vm.getMetadata().getGeneration()).isEqualTo(generation);
    assertThat(at(vm, "spec", "runStrategy")).isEqualTo("Halted");
    assertThat(at(vm, "status", "stateChangeRequests")).isNull();
  }

  @Test
  void manualStrategy_startsAndStopsThroughStateChangeRequests() {
    Kube.create(client, VMS, NS, Kube.cirros("by-hand", "Manual"));
    Kube.awaitStatus(client, NS, "by-hand", "Stopped");

    assertThat(Kube.vmSubresource(client, NS, "by-hand", "start", null).code()).isEqualTo(202);
    Kube.awaitStatus(client, NS, "by-hand", "Running");
    Kube.await(client, VMS, NS, "by-hand", vm -> at(vm, "status", "stateChangeRequests") == null);
    assertThat(at(Kube.get(client, VMS, NS, "by-hand"), "spec", "runStrategy")).isEqualTo("Manual");

    assertThat(Kube.vmSubresource(client, NS, "by-hand", "stop", null).code()).isEqualTo(202);
    Kube.awaitStatus(client, NS, "by-hand", "Stopped");
    assertThat(at(Kube.get(client, VMS, NS, "by-hand"), "spec", "runStrategy")).isEqualTo("Manual");
  }

  @Test
  void stopWithGracePeriod_setsTheVmisGracePeriodFirst() throws Exception {
    Kube.create(client, VMS, NS, Kube.cirros("graceful", "Manual"));
    Kube.vmSubresource(client, NS, "graceful", "start", null);
    Kube.awaitStatus(client, NS, "graceful", "Running");
    List<Long> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch deleted = new java.util.concurrent.CountDownLatch(1);

    io.fabric8.kubernetes.client.Watch watch = Kube.of(client, VMIS).inNamespace(NS).withName("graceful").watch(
        new io.fabric8.kubernetes.client.Watcher<GenericKubernetesResource>() {
          @Override
          public void eventReceived(Action action, GenericKubernetesResource vmi) {
            Object grace = at(vmi, "spec", "terminationGracePeriodSeconds");
            if (grace != null) {
              seen.add(((Number) grace).longValue());
            }
            if (action == Action.DELETED) {
              deleted.countDown();
            }
          }

          @Override
          public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
          }
        });
    try {
      assertThat(Kube.vmSubresource(client, NS, "graceful", "stop", "{\"gracePeriod\":0}").code()).isEqualTo(202);
      assertThat(deleted.await(Waits.SECONDS, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    } finally {
      watch.close();
    }

    Kube.awaitStatus(client, NS, "graceful", "Stopped");
    assertThat(seen).contains(0L);
  }

  @Test
  void deprecatedRunningField_isHonoured() {
    GenericKubernetesResource vm = Kube.cirros("legacy", "Always");
    Map<String, Object> spec = vm.get("spec");
    spec.remove("runStrategy");
    spec.put("running", true);
    Kube.create(client, VMS, NS, vm);
    Kube.awaitStatus(client, NS, "legacy", "Running");

    Kube.vmSubresource(client, NS, "legacy", "stop", null);

    Kube.awaitStatus(client, NS, "legacy", "Stopped");
    assertThat(at(Kube.get(client, VMS, NS, "legacy"), "spec", "running")).isEqualTo(false);
  }

  @Test
  void deletingARunningVm_stopsItAndRemovesEverything() {
    Kube.create(client, VMS, NS, Kube.cirros("doomed", "Always"));
    Kube.awaitStatus(client, NS, "doomed", "Running");

    Kube.of(client, VMS).inNamespace(NS).withName("doomed").delete();

    Kube.await(client, VMS, NS, "doomed", vm -> vm == null);
    Kube.await(client, VMIS, NS, "doomed", vmi -> vmi == null);
    assertThat(client.pods().inNamespace(NS).withLabel("vm.kubevirt.io/name", "doomed").list().getItems()).isEmpty();
  }

  @Test
  void deletingAnUnschedulableVm_removesItAndItsPendingPod() {
    GenericKubernetesResource vm = Kube.cirros("unplaceable", "Always");
    Map<String, Object> templateSpec = vm.get("spec", "template", "spec");
    templateSpec.put("nodeSelector", Map.of("kubernetes.io/hostname", "node99"));
    Kube.create(client, VMS, NS, vm);
    Kube.awaitStatus(client, NS, "unplaceable", "ErrorUnschedulable");

    Kube.of(client, VMS).inNamespace(NS).withName("unplaceable").delete();

    Kube.await(client, VMS, NS, "unplaceable", r -> r == null);
    Kube.await(client, VMIS, NS, "unplaceable", r -> r == null);
    assertThat(client.pods().inNamespace(NS).withLabel("vm.kubevirt.io/name", "unplaceable").list().getItems()).isEmpty();
  }

  @Test
  void deletingTheNamespace_removesItsVms() {
    client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
        .withName("tenant").endMetadata().build()).create();
    Kube.create(client, VMS, "tenant", Kube.cirros("tenant-vm", "Always"));
    Kube.awaitStatus(client, "tenant", "tenant-vm", "Running");

    client.namespaces().withName("tenant").delete();

    client.namespaces().withName("tenant").waitUntilCondition(ns -> ns == null, Waits.SECONDS, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(Kube.get(client, VMS, "tenant", "tenant-vm")).isNull();
    assertThat(client.pods().inNamespace("tenant").list().getItems()).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> condition(GenericKubernetesResource object, String type) {
    List<Map<String, Object>> conditions = object.get("status", "conditions");
    return conditions.stream().filter(c -> type.equals(c.get("type"))).findFirst().orElseThrow();
  }

  @Test
  void pausedStartOfAHaltedVm_goesThroughAStartRequest_evenWhenItsTemplateStartsPaused() throws Exception {
    GenericKubernetesResource vm = Kube.cirros("paused-start", "Halted");
    Map<String, Object> template = vm.get("spec", "template", "spec");
    template.put("startStrategy", "Paused");
    Kube.create(client, VMS, NS, vm);
    Kube.awaitStatus(client, NS, "paused-start", "Stopped");
    java.util.concurrent.CopyOnWriteArrayList<Object> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (io.fabric8.kubernetes.client.Watch watch = Kube.of(client, VMS).inNamespace(NS).withName("paused-start")
        .watch(new io.fabric8.kubernetes.client.Watcher<>() {
          @Override
          public void eventReceived(Action action, GenericKubernetesResource resource) {
            Object pending = at(resource, "status", "stateChangeRequests");
            if (pending != null) {
              requests.add(pending);
            }
          }

          @Override
          public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
          }
        })) {
      assertThat(Kube.vmSubresource(client, NS, "paused-start", "start", "{\"paused\":true}").code()).isEqualTo(202);

      Kube.awaitStatus(client, NS, "paused-start", "Paused");
    }

    // virt-api compares the template's startStrategy by pointer, so it always asks virt-controller
    assertThat(requests).contains(List.of(Map.of("action", "Start", "data", Map.of("paused", "true"))));
    assertThat(at(Kube.get(client, VMS, NS, "paused-start"), "spec", "runStrategy")).isEqualTo("Always");
  }

  @Test
  void unpause_isRefusedDuringASnapshot_butNotForAnExplicitlyNullSnapshotInProgress() {
    Kube.create(client, VMS, NS, Kube.cirros("snapshotting", "Always"));
    Kube.awaitStatus(client, NS, "snapshotting", "Running");
    assertThat(Kube.vmiSubresource(client, NS, "snapshotting", "pause", null).code()).isEqualTo(200);
    Kube.awaitStatus(client, NS, "snapshotting", "Paused");

    setSnapshotInProgress("snapshotting", "snap-1");
    assertStatus(Kube.vmiSubresource(client, NS, "snapshotting", "unpause", null), 409,
        "Operation cannot be fulfilled on virtualmachine.kubevirt.io \"snapshotting\": VM snapshot is in progress");

    setSnapshotInProgress("snapshotting", null);
    assertThat(Kube.vmiSubresource(client, NS, "snapshotting", "unpause", null).code()).isEqualTo(200);
  }

  /** Writes status.snapshotInProgress (null written as an explicit JSON null) through /status. */
  private static void setSnapshotInProgress(String vm, String snapshot) {
    for (int attempt = 0; ; attempt++) {
      GenericKubernetesResource current = Kube.get(client, VMS, NS, vm);
      @SuppressWarnings("unchecked")
      Map<String, Object> status = (Map<String, Object>) current.getAdditionalProperties().get("status");
      status.put("snapshotInProgress", snapshot);
      HttpResponse<String> response = Kube.request(client, "PUT", "/apis/kubevirt.io/v1/namespaces/" + NS
          + "/virtualmachines/" + vm + "/status", Serialization.asJson(current));
      if (response.code() != 409 || attempt >= 20) {
        assertThat(response.code()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"snapshotInProgress\":" + (snapshot == null ? "null" : "\"" + snapshot + "\""));
        return;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void assertStatus(HttpResponse<String> response, int code, String message) {
    assertThat(response.code()).as(response.body()).isEqualTo(code);
    Map<String, Object> status = Serialization.unmarshal(response.body(), Map.class);
    assertThat(status).containsEntry("kind", "Status").containsEntry("message", message);
  }
}
