package dev.edgevm.embedded.kubevirt;

import static dev.edgevm.embedded.Kube.VMIS;
import static dev.edgevm.embedded.Kube.VMS;
import static dev.edgevm.embedded.Kube.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EnableEmbeddedEdgeCluster;
import dev.edgevm.embedded.Kube;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** How virt-api's requests and virt-controller's state change requests play together. */
@EnableEmbeddedEdgeCluster(nodes = 2)
class StateChangeRequestTest {

  private static final String NS = "default";
  private static final String HOLD = "example.com/hold";

  static KubernetesClient client;

  /**
   * virt-api stops an Always VM by setting its runStrategy to Halted and nothing else
   * (lifecycle.go, StopVMRequestHandler); the start request of a restart still under way stays
   * pending, and virt-controller turns a Halted VM with a pending start request and no VMI back
   * to Always (vm.go, syncRunStrategy). So in KubeVirt a stop sent while a restart is under way
   * ends with the VM running again. The old VMI is held by a finalizer here, so the stop surely
   * comes while the restart is under way.
   */
  @Test
  void aStopWhileARestartIsUnderWay_endsWithTheVmRunningAgain_asInKubeVirt() {
    Kube.create(client, VMS, NS, Kube.cirros("restart-then-stop", "Always"));
    Kube.awaitStatus(client, NS, "restart-then-stop", "Running");
    String firstUid = Kube.get(client, VMIS, NS, "restart-then-stop").getMetadata().getUid();
    editVmiFinalizers(finalizers -> finalizers.add(HOLD));

    assertThat(Kube.vmSubresource(client, NS, "restart-then-stop", "restart", null).code()).isEqualTo(202);
    assertThat(Kube.vmSubresource(client, NS, "restart-then-stop", "stop", null).code()).isEqualTo(202);

    GenericKubernetesResource halted = Kube.await(client, VMS, NS, "restart-then-stop",
        vm -> "Halted".equals(at(vm, "spec", "runStrategy")) && "Stopped".equals(at(vm, "status", "printableStatus")));
    assertThat(at(halted, "status", "stateChangeRequests")).isEqualTo(List.of(
        Map.of("action", "Stop", "uid", firstUid), Map.of("action", "Start")));

    editVmiFinalizers(finalizers -> finalizers.remove(HOLD));

    GenericKubernetesResource running = Kube.await(client, VMS, NS, "restart-then-stop",
        vm -> "Always".equals(at(vm, "spec", "runStrategy")) && "Running".equals(at(vm, "status", "printableStatus"))
            && at(vm, "status", "stateChangeRequests") == null);
    assertThat(running).isNotNull();
    assertThat(Kube.get(client, VMIS, NS, "restart-then-stop").getMetadata().getUid()).isNotEqualTo(firstUid);
  }

  /** Read-modify-write with the resourceVersion: the controllers change the VMI at the same time. */
  private static void editVmiFinalizers(Consumer<List<String>> change) {
    for (int attempt = 0; ; attempt++) {
      GenericKubernetesResource vmi = Kube.get(client, VMIS, NS, "restart-then-stop");
      List<String> finalizers = new ArrayList<>(vmi.getMetadata().getFinalizers());
      change.accept(finalizers);
      vmi.getMetadata().setFinalizers(finalizers);
      try {
        Kube.of(client, VMIS).inNamespace(NS).resource(vmi).update();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 20) {
          throw e;
        }
      }
    }
  }
}
