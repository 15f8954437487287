package dev.edgevm.embedded.internal.assembly;

import dev.edgevm.embedded.internal.cdi.CdiComponent;
import dev.edgevm.embedded.internal.discovery.DiscoveryComponent;
import dev.edgevm.embedded.internal.events.EventsComponent;
import dev.edgevm.embedded.internal.export.ExportComponent;
import dev.edgevm.embedded.internal.gc.GarbageCollector;
import dev.edgevm.embedded.internal.jobs.JobsComponent;
import dev.edgevm.embedded.internal.kubevirt.KubeVirtComponent;
import dev.edgevm.embedded.internal.namespaces.NamespacesComponent;
import dev.edgevm.embedded.internal.nodes.Kubelet;
import dev.edgevm.embedded.internal.nodes.NodesComponent;
import dev.edgevm.embedded.internal.runtime.ClusterComponent;
import dev.edgevm.embedded.internal.scheduler.PodScheduler;
import dev.edgevm.embedded.internal.snapshot.SnapshotComponent;
import dev.edgevm.embedded.internal.sriov.SriovDevicePlugin;
import dev.edgevm.embedded.internal.storage.StorageComponent;
import java.util.List;

/**
 * The parts of the simulated cluster, in start order: later parts may use the services and
 * objects of earlier ones. Add a part here to have every cluster run it.
 */
public final class Components {

  private Components() {
  }

  public static List<ClusterComponent> standard() {
    return List.of(
        new DiscoveryComponent(),
        new NamespacesComponent(),
        new GarbageCollector(),
        new EventsComponent(),
        new NodesComponent(),
        new Kubelet(),
        new PodScheduler(),
        new StorageComponent(),
        new CdiComponent(),
        new JobsComponent(),
        new KubeVirtComponent(),
        new SriovDevicePlugin(),
        new SnapshotComponent(),
        new ExportComponent());
  }
}
