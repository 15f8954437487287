package dev.edgevm.storage.snapshot.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.kubevirt.model.export.VirtualMachineExportLink;
import dev.edgevm.kubevirt.model.export.VirtualMachineExportLinks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The link a download takes: the external one, the internal one only from inside the cluster. */
class ExportLinksTest {

    private static final VirtualMachineExportLink INTERNAL = new VirtualMachineExportLink("internal-ca", List.of());
    private static final VirtualMachineExportLink EXTERNAL = new VirtualMachineExportLink("external-ca", List.of());

    @Test
    void theExternalLink_isPreferred_insideTheClusterToo() {
        assertThat(ExportLinks.choose(new VirtualMachineExportLinks(INTERNAL, EXTERNAL), false, "ns/e")).isSameAs(EXTERNAL);
        assertThat(ExportLinks.choose(new VirtualMachineExportLinks(INTERNAL, EXTERNAL), true, "ns/e")).isSameAs(EXTERNAL);
    }

    @Test
    void anInternalLinkAlone_servesOnlyInsideTheCluster_andOutsideTheMessageSaysWhatToDo() {
        assertThat(ExportLinks.choose(new VirtualMachineExportLinks(INTERNAL, null), true, "ns/e")).isSameAs(INTERNAL);

        assertThatThrownBy(() -> ExportLinks.choose(new VirtualMachineExportLinks(INTERNAL, null), false, "ns/e"))
                .isInstanceOf(EdgeVmException.class)
                .hasMessageContaining("ns/e")
                .hasMessageContaining("only an internal link")
                .hasMessageContaining("Ingress or Route")
                .hasMessageContaining("from a pod in the cluster");
    }
}
