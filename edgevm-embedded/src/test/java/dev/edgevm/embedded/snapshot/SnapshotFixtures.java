package dev.edgevm.embedded.snapshot;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.Kube;
import dev.edgevm.embedded.Waits;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** VMs on claims, and where a claim's data lives, through the API as a client sees them. */
final class SnapshotFixtures {

  static final ResourceDefinitionContext SNAPSHOTS = context("snapshot.kubevirt.io", "v1beta1",
      "virtualmachinesnapshots", "VirtualMachineSnapshot");
  static final ResourceDefinitionContext CONTENTS = context("snapshot.kubevirt.io", "v1beta1",
      "virtualmachinesnapshotcontents", "VirtualMachineSnapshotContent");
  static final ResourceDefinitionContext RESTORES = context("snapshot.kubevirt.io", "v1beta1",
      "virtualmachinerestores", "VirtualMachineRestore");
  static final ResourceDefinitionContext EXPORTS = context("export.kubevirt.io", "v1", "virtualmachineexports",
      "VirtualMachineExport");

  private SnapshotFixtures() {
  }

  private static ResourceDefinitionContext context(String group, String version, String plural, String kind) {
    return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withPlural(plural)
        .withKind(kind).withNamespaced(true).build();
  }

  static PersistentVolumeClaim claim(KubernetesClient client, String name, String storageClass, String size) {
    client.persistentVolumeClaims().resource(new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName(name).withNamespace("default").endMetadata()
        .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName(storageClass)
        .withNewResources().addToRequests("storage", new Quantity(size)).endResources().endSpec().build()).create();
    return client.persistentVolumeClaims().inNamespace("default").withName(name).waitUntilCondition(pvc ->
        pvc != null && pvc.getStatus() != null && "Bound".equals(pvc.getStatus().getPhase()), Waits.SECONDS, TimeUnit.SECONDS);
  }

  /** The directory of the volume bound to a claim: its node's root plus the volume's path there. */
  static Path volumeDirectory(EmbeddedEdgeCluster cluster, String claim) {
    PersistentVolumeClaim pvc = cluster.client().persistentVolumeClaims().inNamespace("default").withName(claim).get();
    PersistentVolume pv = cluster.client().persistentVolumes().withName(pvc.getSpec().getVolumeName()).get();
    String node = pv.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms().get(0).getMatchExpressions()
        .get(0).getValues().get(0);
    String path = pv.getSpec().getLocal() != null ? pv.getSpec().getLocal().getPath()
        : pv.getSpec().getCsi().getVolumeAttributes().get("path");
    return cluster.nodeRoot(node).resolve(path.substring(1));
  }

  /** A VM whose root disk is the claim, with a cloud-init disk that cannot be snapshotted. */
  static GenericKubernetesResource vm(String name, String claim, String runStrategy) {
    return Kube.yaml(String.join("\n",
        "apiVersion: kubevirt.io/v1",
        "kind: VirtualMachine",
        "metadata:",
        "  name: " + name,
        "spec:",
        "  runStrategy: " + runStrategy,
        "  template:",
        "    spec:",
        "      domain:",
        "        cpu: {cores: 1}",
        "        memory: {guest: 512M}",
        "        devices:",
        "          disks:",
        "          - name: rootdisk",
        "            disk: {bus: virtio}",
        "          - name: cloudinitdisk",
        "            disk: {bus: virtio}",
        "      volumes:",
        "      - name: rootdisk",
        "        persistentVolumeClaim: {claimName: " + claim + "}",
        "      - name: cloudinitdisk",
        "        cloudInitNoCloud: {userData: \"#cloud-config\"}",
        ""));
  }

  static GenericKubernetesResource snapshot(String name, String vm) {
    return Kube.yaml(String.join("\n",
        "apiVersion: snapshot.kubevirt.io/v1beta1",
        "kind: VirtualMachineSnapshot",
        "metadata:",
        "  name: " + name,
        "spec:",
        "  source: {apiGroup: kubevirt.io, kind: VirtualMachine, name: " + vm + "}",
        ""));
  }

  static GenericKubernetesResource restore(String name, String vm, String snapshot, String readinessPolicy) {
    return Kube.yaml(String.join("\n",
        "apiVersion: snapshot.kubevirt.io/v1beta1",
        "kind: VirtualMachineRestore",
        "metadata:",
        "  name: " + name,
        "spec:",
        "  target: {apiGroup: kubevirt.io, kind: VirtualMachine, name: " + vm + "}",
        "  virtualMachineSnapshotName: " + snapshot,
        readinessPolicy == null ? "" : "  targetReadinessPolicy: " + readinessPolicy,
        ""));
  }

  static GenericKubernetesResource await(KubernetesClient client, ResourceDefinitionContext type, String name,
      java.util.function.Predicate<GenericKubernetesResource> condition) {
    return Kube.await(client, type, "default", name, r -> r != null && condition.test(r));
  }
}
