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
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How a VM's guest and its virt-launcher pod end, in KubeVirt's order: virt-controller deletes the
 * pod as soon as the VMI is deleted (the pod is marked and keeps running), virt-handler shuts the
 * guest down and marks the VMI Succeeded, then the launcher exits and its pod goes. So whoever
 * counts the resources of pods that are neither finished nor being deleted sees them free by the
 * time the VM reads Stopped.
 */
@EnableEmbeddedEdgeCluster(nodes = 1)
class GuestShutdownTest {

  private static final String NS = "default";

  static KubernetesClient client;

  @Test
  void stop_marksTheLauncherPodFirst_thenTheVmiSucceeds_thenThePodEndsAndGoes() throws InterruptedException {
    Kube.create(client, VMS, NS, Kube.cirros("ordered", "Always"));
    Kube.awaitStatus(client, NS, "ordered", "Running");
    Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    CountDownLatch podGone = new CountDownLatch(1);

    try (Watch pods = client.pods().inNamespace(NS).withLabel("vm.kubevirt.io/name", "ordered").watch(new Watcher<>() {
          @Override
          public void eventReceived(Action action, Pod pod) {
            long version = Long.parseLong(pod.getMetadata().getResourceVersion());
            if (pod.getMetadata().getDeletionTimestamp() != null) {
              firstSeen.putIfAbsent("pod marked", version);
              assertThat(pod.getMetadata().getDeletionGracePeriodSeconds()).isPositive();
            }
            if ("Succeeded".equals(pod.getStatus().getPhase())) {
              firstSeen.putIfAbsent("pod succeeded", version);
            }
            if (action == Action.DELETED) {
              firstSeen.putIfAbsent("pod gone", version);
              podGone.countDown();
            }
          }

          @Override
          public void onClose(WatcherException cause) {
          }
        });
        Watch vmis = Kube.of(client, VMIS).inNamespace(NS).withName("ordered").watch(new Watcher<>() {
          @Override
          public void eventReceived(Action action, GenericKubernetesResource vmi) {
            if ("Succeeded".equals(at(vmi, "status", "phase"))) {
              firstSeen.putIfAbsent("vmi succeeded", Long.parseLong(vmi.getMetadata().getResourceVersion()));
            }
          }

          @Override
          public void onClose(WatcherException cause) {
          }
        })) {
      assertThat(Kube.vmSubresource(client, NS, "ordered", "stop", null).code()).isEqualTo(202);

      Kube.awaitStatus(client, NS, "ordered", "Stopped");
      List<Pod> left = client.pods().inNamespace(NS).withLabel("vm.kubevirt.io/name", "ordered").list().getItems();
      assertThat(left).as("the launcher pod when the VM reads Stopped").allSatisfy(pod ->
          assertThat(pod.getMetadata().getDeletionTimestamp() != null || "Succeeded".equals(pod.getStatus().getPhase()))
              .isTrue());
      assertThat(podGone.await(Waits.SECONDS, TimeUnit.SECONDS)).as("launcher pod gone: %s", firstSeen).isTrue();
      Kube.await(client, VMIS, NS, "ordered", vmi -> vmi == null);
    }

    assertThat(firstSeen).containsKeys("pod marked", "vmi succeeded", "pod succeeded", "pod gone");
    assertThat(firstSeen.get("pod marked")).isLessThan(firstSeen.get("vmi succeeded"));
    assertThat(firstSeen.get("vmi succeeded")).isLessThan(firstSeen.get("pod succeeded"));
    assertThat(firstSeen.get("pod succeeded")).isLessThan(firstSeen.get("pod gone"));
  }
}
