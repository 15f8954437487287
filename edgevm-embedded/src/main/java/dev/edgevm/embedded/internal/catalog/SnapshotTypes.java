package dev.edgevm.embedded.internal.catalog;

import static dev.edgevm.embedded.internal.api.PrinterColumn.age;
import static dev.edgevm.embedded.internal.api.PrinterColumn.path;

import dev.edgevm.embedded.internal.api.ResourceType;
import java.util.List;

/** KubeVirt's snapshot, restore and export resources, and the CSI VolumeSnapshot API under them. */
public final class SnapshotTypes {

  public static final ResourceType VM_SNAPSHOTS = ResourceType.namespaced("snapshot.kubevirt.io/v1beta1",
          "VirtualMachineSnapshot", "virtualmachinesnapshots")
      .shortNames("vmsnapshot", "vmsnapshots").categories("all").statusSubresource()
      .columns(path("SourceKind", "string", ".spec.source.kind"), path("SourceName", "string", ".spec.source.name"),
          path("Phase", "string", ".status.phase"), path("ReadyToUse", "boolean", ".status.readyToUse"),
          path("CreationTime", "date", ".status.creationTime"), path("Error", "string", ".status.error.message"), age())
      .build();
  public static final ResourceType VM_SNAPSHOT_CONTENTS = ResourceType.namespaced("snapshot.kubevirt.io/v1beta1",
          "VirtualMachineSnapshotContent", "virtualmachinesnapshotcontents")
      .shortNames("vmsnapshotcontent", "vmsnapshotcontents").categories("all").statusSubresource()
      .columns(path("ReadyToUse", "boolean", ".status.readyToUse"), path("CreationTime", "date", ".status.creationTime"),
          path("Error", "string", ".status.error.message"), age())
      .build();
  public static final ResourceType VM_RESTORES = ResourceType.namespaced("snapshot.kubevirt.io/v1beta1",
          "VirtualMachineRestore", "virtualmachinerestores")
      .shortNames("vmrestore", "vmrestores").categories("all").statusSubresource()
      .columns(path("TargetKind", "string", ".spec.target.kind"), path("TargetName", "string", ".spec.target.name"),
          path("Complete", "boolean", ".status.complete"), path("RestoreTime", "date", ".status.restoreTime"),
          path("Error", "string", ".status.error.message"), age())
      .build();
  public static final ResourceType VM_EXPORTS = ResourceType.namespaced("export.kubevirt.io/v1", "VirtualMachineExport",
          "virtualmachineexports")
      .alsoServedAs("v1beta1").shortNames("vmexport", "vmexports").categories("all").statusSubresource()
      .columns(path("SourceKind", "string", ".spec.source.kind"), path("SourceName", "string", ".spec.source.name"),
          path("Phase", "string", ".status.phase"), age())
      .build();
  public static final ResourceType VOLUME_SNAPSHOTS = ResourceType.namespaced("snapshot.storage.k8s.io/v1",
          "VolumeSnapshot", "volumesnapshots")
      .shortNames("vs").statusSubresource()
      .columns(path("ReadyToUse", "boolean", ".status.readyToUse"),
          path("SourcePVC", "string", ".spec.source.persistentVolumeClaimName"),
          path("RestoreSize", "string", ".status.restoreSize"),
          path("SnapshotClass", "string", ".spec.volumeSnapshotClassName"),
          path("SnapshotContent", "string", ".status.boundVolumeSnapshotContentName"), age())
      .build();
  public static final ResourceType VOLUME_SNAPSHOT_CONTENTS = ResourceType.clusterScoped("snapshot.storage.k8s.io/v1",
          "VolumeSnapshotContent", "volumesnapshotcontents")
      .shortNames("vsc", "vscs").statusSubresource().build();
  public static final ResourceType VOLUME_SNAPSHOT_CLASSES = ResourceType.clusterScoped("snapshot.storage.k8s.io/v1",
          "VolumeSnapshotClass", "volumesnapshotclasses")
      .shortNames("vsclass", "vsclasses")
      .columns(path("Driver", "string", ".driver"), path("DeletionPolicy", "string", ".deletionPolicy"), age())
      .build();

  private SnapshotTypes() {
  }

  public static List<ResourceType> all() {
    return List.of(VM_SNAPSHOTS, VM_SNAPSHOT_CONTENTS, VM_RESTORES, VM_EXPORTS, VOLUME_SNAPSHOTS,
        VOLUME_SNAPSHOT_CONTENTS, VOLUME_SNAPSHOT_CLASSES);
  }
}
