package dev.edgevm.embedded.internal.storage;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.catalog.SnapshotTypes;
import dev.edgevm.embedded.internal.events.EventRecorder;
import dev.edgevm.embedded.internal.runtime.ClusterComponent;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.scheduler.PodScheduler;

/**
 * Storage of the edge cluster: the storage classes, the PV binder and the scheduler's volume
 * binding, storage-in-use protection, and the {@code edge-csi} driver (provisioner and snapshotter). Offers {@link VolumeDirectories}
 * to the other components.
 */
public final class StorageComponent implements ClusterComponent {

  @Override
  public void start(ClusterContext context) {
    ClusterApi api = context.api();
    api.create(CoreTypes.STORAGE_CLASSES, StorageClasses.localStorage());
    api.create(CoreTypes.STORAGE_CLASSES, StorageClasses.csi());
    api.create(SnapshotTypes.VOLUME_SNAPSHOT_CLASSES, StorageClasses.csiSnapshotClass());
    VolumeDirectories directories = context.provide(VolumeDirectories.class,
        new VolumeDirectories(api, context.nodes()));
    new PersistentVolumeBinder(api, directories, context.service(EventRecorder.class)).start(context);
    context.service(PodScheduler.class).volumeBinding(new ClaimVolumeBinding(api));
    new StorageProtection(api).start(context);
    new CsiProvisioner(api, context.nodes()).start(context);
    new CsiSnapshotter(api, context.nodes()).start(context);
  }
}
