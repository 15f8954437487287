package dev.edgevm.kubevirt.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgevm.kubevirt.model.export.VirtualMachineExport;
import dev.edgevm.kubevirt.model.export.VirtualMachineExportSpec;
import dev.edgevm.kubevirt.model.snapshot.VirtualMachineRestore;
import dev.edgevm.kubevirt.model.snapshot.VirtualMachineRestoreSpec;
import dev.edgevm.kubevirt.model.snapshot.VirtualMachineSnapshot;
import dev.edgevm.kubevirt.model.snapshot.VirtualMachineSnapshotSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.TypedLocalObjectReference;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The snapshot, restore and export objects as the SDK writes them validate strictly against KubeVirt's OpenAPI document. */
class SnapshotModelConformanceTest {

    @BeforeAll
    static void schemasArePresent() {
        assumeTrue(ApiSchemas.directory().isPresent(), ApiSchemas::missingMessage);
    }

    @Test
    void virtualMachineSnapshot() {
        VirtualMachineSnapshot snapshot = new VirtualMachineSnapshot();
        snapshot.setMetadata(new ObjectMetaBuilder().withName("before-upgrade").withNamespace("default")
                .addToLabels("edgevm.dev/snapshot", "before-upgrade").build());
        snapshot.setSpec(new VirtualMachineSnapshotSpec(new TypedLocalObjectReference("kubevirt.io", "VirtualMachine", "centos-vm"),
                null, null));

        assertThat(ApiSchemas.validate(ApiSchemas.KUBEVIRT, "v1beta1.VirtualMachineSnapshot", snapshot)).isEmpty();
    }

    @Test
    void virtualMachineRestore_withPolicies() {
        VirtualMachineRestore restore = new VirtualMachineRestore();
        restore.setMetadata(new ObjectMetaBuilder().withName("restore-before-upgrade-x1y2z").withNamespace("default").build());
        VirtualMachineRestoreSpec defaults = VirtualMachineRestoreSpec.of("centos-vm", "before-upgrade");
        restore.setSpec(new VirtualMachineRestoreSpec(defaults.target(), defaults.virtualMachineSnapshotName(), "FailImmediate",
                "InPlace", List.of("{\"op\":\"replace\",\"path\":\"/metadata/name\",\"value\":\"x\"}")));

        assertThat(ApiSchemas.validate(ApiSchemas.KUBEVIRT, "v1beta1.VirtualMachineRestore", restore)).isEmpty();
    }

    @Test
    void virtualMachineExport_ofAClaim() {
        VirtualMachineExport export = new VirtualMachineExport();
        export.setMetadata(new ObjectMetaBuilder().withName("before-upgrade-a1b2c").withNamespace("default").build());
        export.setSpec(new VirtualMachineExportSpec(new TypedLocalObjectReference("", "PersistentVolumeClaim",
                "snapshot-before-upgrade-rootdisk"), null, "1h"));

        assertThat(ApiSchemas.validate(ApiSchemas.KUBEVIRT, "v1.VirtualMachineExport", export)).isEmpty();
    }
}
