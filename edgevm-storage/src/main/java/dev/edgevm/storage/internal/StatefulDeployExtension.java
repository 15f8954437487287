package dev.edgevm.storage.internal;

import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.Disk;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.kubevirt.spi.DeleteContext;
import dev.edgevm.kubevirt.spi.DeployContext;
import dev.edgevm.kubevirt.spi.DeployExtension;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.pool.VolumeOwner;
import dev.edgevm.storage.upload.internal.UploadEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stateful deploys: for each {@link UploadedDisk}, preflight checks the image, the storage class and
 * the node (no writes); prepare allocates the pool volumes on that node, creates the DataVolume,
 * uploads, and frees CDI's scratch volume, each step undone if anything later fails; then the
 * SDK creates the VM, whose launcher pod the scheduler puts on the volume's node. Deleting with
 * {@code purgeStorage} removes the DataVolumes, claims, volumes and disk files.
 */
public final class StatefulDeployExtension implements DeployExtension {

    @Override
    public Set<Class<? extends Disk>> provisions() {
        return Set.of(UploadedDisk.class);
    }

    @Override
    public void preflight(DeployContext context) {
        List<UploadTarget> targets = targets(context);
        if (targets.isEmpty()) {
            return;
        }
        DefaultEdgeStorage storage = storage(context);
        storage.planner().plan("VmSpec " + context.spec().name(), targets, VmPlacement.of(context.spec()));
        storage.endpoint();
    }

    @Override
    public void prepare(DeployContext context) {
        List<UploadTarget> targets = targets(context);
        if (targets.isEmpty()) {
            return;
        }
        DefaultEdgeStorage storage = storage(context);
        VmSpec spec = context.spec();
        List<DiskPlan> plans = storage.planner().plan("VmSpec " + spec.name(), targets, VmPlacement.of(spec));
        UploadEndpoint endpoint = storage.endpoint();
        String namespace = spec.namespace().orElseThrow();
        // When the VM exists (apply of a changed spec), its disks are in use: nothing found may be undone.
        boolean vmExists = context.cluster().call("get", ObjectRef.of("VirtualMachine", namespace, spec.name()),
                () -> context.cluster().client().resources(VirtualMachine.class).inNamespace(namespace).withName(spec.name()).get()) != null;
        Map<String, DataVolume> manifests = new java.util.HashMap<>();
        context.manifests().uploadDataVolumes().forEach(dv -> manifests.put(dv.getMetadata().getName(), dv));
        for (DiskPlan plan : plans) {
            storage.provisioner().provision(plan, manifests.get(plan.target().dataVolume()), endpoint, !vmExists,
                    context::created, context.progress());
        }
    }

    @Override
    public void afterDelete(DeleteContext context) {
        if (context.purgeStorage()) {
            new StoragePurge(storage(context.edge())).purge(context);
        }
    }

    /** The spec's uploaded disks, with the DataVolume each goes into (as rendered). */
    private static List<UploadTarget> targets(DeployContext context) {
        VmSpec spec = context.spec();
        String namespace = spec.namespace().orElseThrow();
        List<DataVolume> rendered = context.manifests().uploadDataVolumes();
        List<UploadTarget> targets = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Disk> e : spec.namedDisks().entrySet()) {
            if (e.getValue() instanceof UploadedDisk disk) {
                String dataVolume = rendered.get(i++).getMetadata().getName();
                targets.add(new UploadTarget("disks[" + e.getKey() + "]", namespace, dataVolume, disk.imagePath(), disk.size(),
                        disk.storageClass().orElse(null), disk.node().orElse(null), VolumeOwner.of(namespace, spec.name())));
            }
        }
        return targets;
    }

    private static DefaultEdgeStorage storage(DeployContext context) {
        return storage(context.edge());
    }

    private static DefaultEdgeStorage storage(dev.edgevm.kubevirt.EdgeVm edge) {
        return (DefaultEdgeStorage) EdgeStorage.of(edge);
    }
}
