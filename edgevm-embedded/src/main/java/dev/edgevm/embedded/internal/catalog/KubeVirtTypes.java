package dev.edgevm.embedded.internal.catalog;

import static dev.edgevm.embedded.internal.api.PrinterColumn.age;
import static dev.edgevm.embedded.internal.api.PrinterColumn.path;

import dev.edgevm.embedded.internal.api.ResourceType;
import java.util.List;

/**
 * KubeVirt's resources, as its CRDs declare them (virt-operator's crds.go): names, short names,
 * printer columns; the VM has a status subresource, the VMI does not.
 */
public final class KubeVirtTypes {

  public static final String GROUP = "kubevirt.io";

  public static final ResourceType VIRTUAL_MACHINES = ResourceType.namespaced("kubevirt.io/v1", "VirtualMachine",
          "virtualmachines")
      .alsoServedAs("v1alpha3").shortNames("vm", "vms").categories("all").statusSubresource()
      .columns(age(), path("Status", "string", ".status.printableStatus"),
          path("Ready", "string", ".status.conditions[?(@.type=='Ready')].status"))
      .build();
  public static final ResourceType VIRTUAL_MACHINE_INSTANCES = ResourceType.namespaced("kubevirt.io/v1",
          "VirtualMachineInstance", "virtualmachineinstances")
      .alsoServedAs("v1alpha3").shortNames("vmi", "vmis").categories("all")
      .columns(age(), path("Phase", "string", ".status.phase"), path("IP", "string", ".status.interfaces[0].ipAddress"),
          path("NodeName", "string", ".status.nodeName"),
          path("Ready", "string", ".status.conditions[?(@.type=='Ready')].status"),
          path("Live-Migratable", "string", ".status.conditions[?(@.type=='LiveMigratable')].status", 1),
          path("Paused", "string", ".status.conditions[?(@.type=='Paused')].status", 1))
      .build();
  public static final ResourceType MIGRATIONS = ResourceType.namespaced("kubevirt.io/v1",
          "VirtualMachineInstanceMigration", "virtualmachineinstancemigrations")
      .alsoServedAs("v1alpha3").shortNames("vmim", "vmims").categories("all").statusSubresource()
      .columns(path("Phase", "string", ".status.phase"), path("VMI", "string", ".spec.vmiName"))
      .build();
  public static final ResourceType REPLICA_SETS = ResourceType.namespaced("kubevirt.io/v1",
          "VirtualMachineInstanceReplicaSet", "virtualmachineinstancereplicasets")
      .alsoServedAs("v1alpha3").shortNames("vmirs", "vmirss").categories("all").statusSubresource()
      .columns(path("Desired", "integer", ".spec.replicas"), path("Current", "integer", ".status.replicas"),
          path("Ready", "integer", ".status.readyReplicas"), age())
      .build();
  public static final ResourceType PRESETS = ResourceType.namespaced("kubevirt.io/v1",
          "VirtualMachineInstancePreset", "virtualmachineinstancepresets")
      .alsoServedAs("v1alpha3").shortNames("vmipreset", "vmipresets").categories("all").build();
  public static final ResourceType KUBEVIRTS = ResourceType.namespaced("kubevirt.io/v1", "KubeVirt", "kubevirts")
      .alsoServedAs("v1alpha3").shortNames("kv", "kvs").categories("all").statusSubresource()
      .columns(age(), path("Phase", "string", ".status.phase"))
      .build();

  private KubeVirtTypes() {
  }

  public static List<ResourceType> all() {
    return List.of(VIRTUAL_MACHINES, VIRTUAL_MACHINE_INSTANCES, MIGRATIONS, REPLICA_SETS, PRESETS, KUBEVIRTS);
  }
}
