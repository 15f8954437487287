package dev.edgevm.embedded.kubevirt;

import static dev.edgevm.embedded.Kube.VMIS;
import static dev.edgevm.embedded.Kube.VMS;
import static dev.edgevm.embedded.Kube.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EnableEmbeddedEdgeCluster;
import dev.edgevm.embedded.Kube;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import dev.edgevm.embedded.Waits;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What each run strategy does when the VMI fails (its virt-launcher pod is killed: deleted with a
 * zero grace period) and when its guest is shut down because its launcher pod is deleted gracefully.
 */
@EnableEmbeddedEdgeCluster(nodes = 2)
class RunStrategyTest {

  private static final String NS = "default";

  static KubernetesClient client;

  @Test
  void always_replacesAFailedVmi() {
    String firstUid = runningVmiUid("keeps-running", "Always");

    killLauncher("keeps-running");

    GenericKubernetesResource replacement = Kube.await(client, VMIS, NS, "keeps-running", vmi -> vmi != null
        && !firstUid.equals(vmi.getMetadata().getUid()) && "Running".equals(at(vmi, "status", "phase")));
    assertThat(replacement).isNotNull();
  }

  @Test
  void rerunOnFailure_replacesAFailedVmi() {
    String firstUid = runningVmiUid("reruns", "RerunOnFailure");

    killLauncher("reruns");

    Kube.await(client, VMIS, NS, "reruns", vmi -> vmi != null && !firstUid.equals(vmi.getMetadata().getUid())
        && "Running".equals(at(vmi, "status", "phase")));
    Kube.awaitStatus(client, NS, "reruns", "Running");
  }

  @Test
  void once_leavesAFailedVmiStopped() {
    runningVmiUid("runs-once", "Once");

    killLauncher("runs-once");

    Kube.await(client, VMIS, NS, "runs-once", vmi -> vmi != null && "Failed".equals(at(vmi, "status", "phase")));
    Kube.awaitStatus(client, NS, "runs-once", "Stopped");
    assertThat(Kube.vmSubresource(client, NS, "runs-once", "start", null).code()).isEqualTo(409);
  }

  @Test
  void aVmiWithoutVm_runsAndGoesWhenDeleted() {
    GenericKubernetesResource vm = Kube.cirros("bare-vmi", "Always");
    GenericKubernetesResource vmi = Kube.yaml(String.join("\n",
        "apiVersion: kubevirt.io/v1",
        "kind: VirtualMachineInstance",
        "metadata:",
        "  name: bare-vmi",
        ""));
    vmi.setAdditionalProperty("spec", vm.get("spec", "template", "spec"));
    Kube.create(client, VMIS, NS, vmi);

    Kube.await(client, VMIS, NS, "bare-vmi", v -> v != null && "Running".equals(at(v, "status", "phase")));
    Kube.of(client, VMIS).inNamespace(NS).withName("bare-vmi").delete();

    Kube.await(client, VMIS, NS, "bare-vmi", v -> v == null);
    assertThat(client.pods().inNamespace(NS).withLabel("vm.kubevirt.io/name", "bare-vmi").list().getItems()).isEmpty();
  }

  private static String runningVmiUid(String name, String strategy) {
    Kube.create(client, VMS, NS, Kube.cirros(name, strategy));
    Kube.awaitStatus(client, NS, name, "Running");
    return Kube.get(client, VMIS, NS, name).getMetadata().getUid();
  }

  @Test
  void rerunOnFailure_leavesAGuestShutDownByItsLauncherPodsDeletion_stopped() {
    String uid = runningVmiUid("shut-down", "RerunOnFailure");

    // a graceful delete: virt-launcher asks for a guest shutdown, which succeeds
    client.pods().inNamespace(NS).withLabel("vm.kubevirt.io/name", "shut-down").delete();

    GenericKubernetesResource vmi = Kube.await(client, VMIS, NS, "shut-down", v -> v != null
        && "Succeeded".equals(at(v, "status", "phase")));
    assertThat(vmi.getMetadata().getUid()).isEqualTo(uid);
    Kube.awaitStatus(client, NS, "shut-down", "Stopped");
    client.pods().inNamespace(NS).withLabel("vm.kubevirt.io/name", "shut-down")
        .informOnCondition(List::isEmpty).orTimeout(Waits.SECONDS, TimeUnit.SECONDS).join();
  }

  /** Killed: the pod is gone at once, its guest with it, and the VMI fails. */
  private static void killLauncher(String vm) {
    client.pods().inNamespace(NS).withLabel("vm.kubevirt.io/name", vm).withGracePeriod(0).delete();
  }
}
