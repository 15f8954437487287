package dev.edgevm.embedded.internal.snapshot;

import dev.edgevm.embedded.internal.runtime.ClusterComponent;
import dev.edgevm.embedded.internal.runtime.ClusterContext;

/**
 * KubeVirt's snapshot controllers: VirtualMachineSnapshots (with their contents and
 * VolumeSnapshots), VirtualMachineRestores, and the VMs' volumeSnapshotStatuses.
 */
public final class SnapshotComponent implements ClusterComponent {

  @Override
  public void start(ClusterContext context) {
    new VolumeSnapshotStatuses(context.api()).start(context);
    new VmSnapshotController(context.api()).start(context);
    new VmRestoreController(context.api()).start(context);
  }
}
