package dev.edgevm.embedded.kubevirt;

import static dev.edgevm.embedded.Kube.VMIS;
import static dev.edgevm.embedded.Kube.VMS;
import static dev.edgevm.embedded.Kube.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.Kube;
import dev.edgevm.embedded.Waits;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The printable statuses that are usually too short to see (Starting, Stopping), held by a node
 * whose virt-handler is gone, and the phases a VMI goes through, seen on a watch.
 */
class PrintableStatusTest {

  private static final String NS = "default";
  private EmbeddedEdgeCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    cluster = EmbeddedEdgeCluster.builder().nodes(1).start();
    client = cluster.client();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  /** The node's virt-handler goes: nothing starts or stops a VMI there any more. */
  private void stopVirtHandler() {
    client.pods().inNamespace("kubevirt").withLabel("kubevirt.io", "virt-handler").withGracePeriod(0).delete();
    client.pods().inNamespace("kubevirt").withLabel("kubevirt.io", "virt-handler")
        .informOnCondition(List::isEmpty).orTimeout(Waits.SECONDS, TimeUnit.SECONDS).join();
  }

  @Test
  void starting_whileTheVmiIsScheduledButNotRunning() {
    stopVirtHandler();

    Kube.create(client, VMS, NS, Kube.cirros("early", "Always"));

    GenericKubernetesResource vm = Kube.awaitStatus(client, NS, "early", "Starting");
    Kube.await(client, VMIS, NS, "early", vmi -> vmi != null && "Scheduled".equals(at(vmi, "status", "phase")));
    assertThat(at(vm, "status", "ready")).isEqualTo(false);
  }

  @Test
  void stopping_whileTheGuestHasNotPoweredOff_evenWhenPausedToo() {
    Kube.create(client, VMS, NS, Kube.cirros("late", "Always"));
    Kube.awaitStatus(client, NS, "late", "Running");
    assertThat(Kube.vmiSubresource(client, NS, "late", "pause", null).code()).isEqualTo(200);
    Kube.awaitStatus(client, NS, "late", "Paused");
    stopVirtHandler();

    assertThat(Kube.vmSubresource(client, NS, "late", "stop", null).code()).isEqualTo(202);

    // Stopping is decided before Paused, and both hold: the VMI is paused and being deleted
    Kube.awaitStatus(client, NS, "late", "Stopping");
    GenericKubernetesResource vmi = Kube.get(client, VMIS, NS, "late");
    assertThat(vmi.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(at(vmi, "status", "phase")).isEqualTo("Running");
    assertThat(SchedulingTest.condition(vmi, "Paused")).containsEntry("status", "True");
  }

  @Test
  void aVmiGoesPendingSchedulingScheduledRunning_asAWatchSeesIt() throws Exception {
    client.persistentVolumes().resource(Kube.localVolume("phases-pv", "node01", "/var/vd/phases", "64Mi",
        "phases-disk")).create();
    List<String> phases = new ArrayList<>();
    CountDownLatch running = new CountDownLatch(1);
    Watcher<GenericKubernetesResource> recorder = new Watcher<>() {
      @Override
      public void eventReceived(Action action, GenericKubernetesResource vmi) {
        Object phase = at(vmi, "status", "phase");
        synchronized (phases) {
          if (phase != null && (phases.isEmpty() || !phases.get(phases.size() - 1).equals(phase))) {
            phases.add(phase.toString());
          }
        }
        if ("Running".equals(phase)) {
          running.countDown();
        }
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    };
    try (Watch watch = Kube.of(client, VMIS).inNamespace(NS).withName("phases").watch(recorder)) {
      // a VMI whose DataVolume does not exist yet waits Pending; it is made afterwards
      GenericKubernetesResource vmi = Kube.yaml(String.join("\n",
          "apiVersion: kubevirt.io/v1",
          "kind: VirtualMachineInstance",
          "metadata: {name: phases}",
          "spec:",
          "  domain:",
          "    memory: {guest: 1Gi}",
          "    devices: {disks: [{name: root, disk: {bus: virtio}}]}",
          "  volumes:",
          "  - name: root",
          "    dataVolume: {name: phases-disk}"));
      Kube.create(client, VMIS, NS, vmi);
      Kube.await(client, VMIS, NS, "phases", v -> v != null && "Pending".equals(at(v, "status", "phase")));
      Kube.create(client, Kube.DATA_VOLUMES, NS, Kube.blankDataVolume("phases-disk", "64Mi"));

      assertThat(running.await(Waits.SECONDS, TimeUnit.SECONDS)).as("the watch saw the VMI Running").isTrue();
    }

    synchronized (phases) {
      assertThat(phases).containsExactly("Pending", "Scheduling", "Scheduled", "Running");
    }
  }

  @Test
  void aVmiWhoseDataVolumesAreReady_startsSchedulingAtOnce_asKubeVirtsControllerDoes() {
    Kube.create(client, VMS, NS, Kube.cirros("direct", "Always"));

    GenericKubernetesResource vmi = Kube.await(client, VMIS, NS, "direct",
        v -> v != null && "Running".equals(at(v, "status", "phase")));

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> transitions = (List<Map<String, Object>>) at(vmi, "status", "phaseTransitionTimestamps");
    assertThat(transitions).extracting(t -> t.get("phase")).containsExactly("Scheduling", "Scheduled", "Running");
  }
}
