package dev.edgevm.kubevirt.internal.render;

import dev.edgevm.core.VmSpec;
import dev.edgevm.kubevirt.EdgeVmLabels;
import java.util.LinkedHashMap;
import java.util.Map;

/** The labels rendered objects carry. */
final class Labels {

    private Labels() {}

    /** Labels of an object deploy creates for the VM: managed-by and the owning VM. */
    static Map<String, String> owned(VmSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(EdgeVmLabels.MANAGED_BY, EdgeVmLabels.MANAGED_BY_VALUE);
        labels.put(EdgeVmLabels.VM, spec.name());
        return labels;
    }

    /** Labels of the VM: the spec's own plus managed-by. */
    static Map<String, String> vm(VmSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.put(EdgeVmLabels.MANAGED_BY, EdgeVmLabels.MANAGED_BY_VALUE);
        return labels;
    }

    /** Labels of the instance template (and so of the VMI and launcher pod). */
    static Map<String, String> template(VmSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.put(EdgeVmLabels.TEMPLATE_VM, spec.name());
        return labels;
    }
}
