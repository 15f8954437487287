package dev.edgevm.embedded.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EnableEmbeddedEdgeCluster;
import dev.edgevm.embedded.Kube;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@EnableEmbeddedEdgeCluster(nodes = 1, unpullableImages = "registry.invalid/broken:1")
class ImagePullTest {

  private static final String NS = "default";

  static KubernetesClient client;

  @Test
  void unpullableContainerDisk_showsErrImagePullThenImagePullBackOff() {
    GenericKubernetesResource vm = Kube.cirros("broken", "Always");
    Map<String, Object> spec = vm.get("spec", "template", "spec");
    spec.put("volumes", List.of(Map.of("name", "root", "containerDisk", Map.of("image", "registry.invalid/broken:1"))));
    Kube.create(client, Kube.VMS, NS, vm);

    Kube.awaitStatus(client, NS, "broken", "ErrImagePull");
    Kube.awaitStatus(client, NS, "broken", "ImagePullBackOff");
    // the VMI waits in Scheduling, so Starting holds too: image pull errors are decided first
    assertThat(Kube.at(Kube.get(client, Kube.VMIS, NS, "broken"), "status", "phase")).isEqualTo("Scheduling");

    Event backOff = Kube.awaitEvent(client, NS,
        e -> "Back-off pulling image \"registry.invalid/broken:1\"".equals(e.getMessage()));
    Event pullError = Kube.awaitEvent(client, NS, e -> "Error: ErrImagePull".equals(e.getMessage()));
    assertThat(backOff.getReason()).isEqualTo("BackOff");
    assertThat(pullError.getType()).isEqualTo("Warning");
  }

  @Test
  void vmLifecycle_isRecordedAsEvents() {
    Kube.create(client, Kube.VMS, NS, Kube.cirros("evented", "Always"));
    Kube.awaitStatus(client, NS, "evented", "Running");

    Event started = Kube.awaitEvent(client, NS, e -> "evented".equals(e.getInvolvedObject().getName())
        && "VirtualMachine".equals(e.getInvolvedObject().getKind()));
    Event scheduled = Kube.awaitEvent(client, NS, e -> "Scheduled".equals(e.getReason())
        && e.getInvolvedObject().getName().startsWith("virt-launcher-evented-"));

    assertThat(started.getReason()).isEqualTo("SuccessfulCreate");
    assertThat(started.getMessage()).isEqualTo("Started the virtual machine by creating the new virtual machine instance evented");
    assertThat(scheduled.getSource().getComponent()).isEqualTo("default-scheduler");
    assertThat(scheduled.getType()).isEqualTo("Normal");
  }
}
