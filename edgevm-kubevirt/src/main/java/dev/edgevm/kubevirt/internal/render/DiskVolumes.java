package dev.edgevm.kubevirt.internal.render;

import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.BlankDisk;
import dev.edgevm.core.disk.ClaimDisk;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.core.disk.Disk;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.kubevirt.model.ContainerDiskSource;
import dev.edgevm.kubevirt.model.DataVolumeSource;
import dev.edgevm.kubevirt.model.DataVolumeTemplateSpec;
import dev.edgevm.kubevirt.model.DiskTarget;
import dev.edgevm.kubevirt.model.PersistentVolumeClaimVolumeSource;
import dev.edgevm.kubevirt.model.Volume;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders each disk of a spec into a KubeVirt disk device and its volume. */
final class DiskVolumes {

    /** The storage class an uploaded disk goes to when it names none: the node-local volume pool's. */
    static final String DEFAULT_UPLOAD_STORAGE_CLASS = "local-storage";

    private final List<dev.edgevm.kubevirt.model.Disk> devices = new ArrayList<>();
    private final List<Volume> volumes = new ArrayList<>();
    private final List<DataVolumeTemplateSpec> templates = new ArrayList<>();

    DiskVolumes(VmSpec spec) {
        for (Map.Entry<String, Disk> e : spec.namedDisks().entrySet()) {
            add(spec, e.getKey(), e.getValue());
        }
    }

    private void add(VmSpec spec, String name, Disk disk) {
        Integer bootOrder = disk.bootOrder().isPresent() ? disk.bootOrder().getAsInt() : null;
        boolean readOnly = disk instanceof ClaimDisk c && c.readOnly();
        devices.add(new dev.edgevm.kubevirt.model.Disk(name, new DiskTarget(disk.bus().wireName(), readOnly ? Boolean.TRUE : null), bootOrder, null));
        if (disk instanceof ContainerDisk c) {
            volumes.add(volume(name).containerDisk(new ContainerDiskSource(c.image(), null)).build());
        } else if (disk instanceof ClaimDisk c) {
            volumes.add(volume(name).persistentVolumeClaim(new PersistentVolumeClaimVolumeSource(c.claimName(), readOnly ? Boolean.TRUE : null)).build());
        } else if (disk instanceof UploadedDisk u) {
            volumes.add(volume(name).dataVolume(new DataVolumeSource(DataVolumes.name(spec, name, u))).build());
        } else if (disk instanceof BlankDisk b) {
            String dvName = DataVolumes.name(spec, name, b);
            volumes.add(volume(name).dataVolume(new DataVolumeSource(dvName)).build());
            templates.add(new DataVolumeTemplateSpec(
                    new ObjectMetaBuilder().withName(dvName).withLabels(Labels.owned(spec)).build(),
                    DataVolumes.blankSpec(b)));
        } else {
            throw new IllegalArgumentException("unsupported disk type " + disk.getClass().getName());
        }
    }

    private static VolumeBuilder volume(String name) {
        return new VolumeBuilder(name);
    }

    List<dev.edgevm.kubevirt.model.Disk> devices() {
        return devices;
    }

    List<Volume> volumes() {
        return volumes;
    }

    List<DataVolumeTemplateSpec> dataVolumeTemplates() {
        return templates;
    }

    /** Volume has one source of several; this keeps the call sites readable. */
    private static final class VolumeBuilder {
        private final String name;
        private ContainerDiskSource containerDisk;
        private PersistentVolumeClaimVolumeSource claim;
        private DataVolumeSource dataVolume;

        VolumeBuilder(String name) {
            this.name = name;
        }

        VolumeBuilder containerDisk(ContainerDiskSource s) {
            containerDisk = s;
            return this;
        }

        VolumeBuilder persistentVolumeClaim(PersistentVolumeClaimVolumeSource s) {
            claim = s;
            return this;
        }

        VolumeBuilder dataVolume(DataVolumeSource s) {
            dataVolume = s;
            return this;
        }

        Volume build() {
            return new Volume(name, containerDisk, claim, dataVolume, null);
        }
    }
}
