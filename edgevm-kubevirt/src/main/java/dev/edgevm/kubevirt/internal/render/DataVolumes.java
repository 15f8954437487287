package dev.edgevm.kubevirt.internal.render;

import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.BlankDisk;
import dev.edgevm.core.disk.Disk;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.kubevirt.model.Empty;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.kubevirt.model.cdi.DataVolumeSource;
import dev.edgevm.kubevirt.model.cdi.DataVolumeSpec;
import dev.edgevm.kubevirt.model.cdi.StorageSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeResourceRequirementsBuilder;
import java.util.List;

/** Renders the DataVolumes of persistent disks. */
final class DataVolumes {

    private DataVolumes() {}

    /** The DataVolume (and so claim) name of a persistent disk, as {@link VmSpec#dataVolumeName} gives it. */
    static String name(VmSpec spec, String diskName, Disk disk) {
        return VmSpec.dataVolumeName(spec.name(), diskName, disk).orElseThrow();
    }

    /** A DataVolume that waits for an upload through the CDI upload proxy. */
    static DataVolume upload(VmSpec spec, String diskName, UploadedDisk disk) {
        DataVolume dv = new DataVolume();
        dv.setMetadata(new ObjectMetaBuilder().withName(name(spec, diskName, disk)).withNamespace(spec.namespace().orElse(null))
                .withLabels(Labels.owned(spec)).build());
        dv.setSpec(new DataVolumeSpec(new DataVolumeSource(Empty.INSTANCE, null, null),
                storage(disk.size().toString(), disk.storageClass().orElse(DiskVolumes.DEFAULT_UPLOAD_STORAGE_CLASS)),
                null, null, null));
        return dv;
    }

    static DataVolumeSpec blankSpec(BlankDisk disk) {
        return new DataVolumeSpec(new DataVolumeSource(null, Empty.INSTANCE, null),
                storage(disk.size().toString(), disk.storageClass().orElse(null)), null, null, null);
    }

    // Filesystem mode and ReadWriteOnce: what node-local volumes offer, and what CDI converts qcow2 into.
    private static StorageSpec storage(String size, String storageClass) {
        return new StorageSpec(List.of("ReadWriteOnce"), "Filesystem",
                new VolumeResourceRequirementsBuilder().addToRequests("storage", new Quantity(size)).build(),
                storageClass, null);
    }
}
