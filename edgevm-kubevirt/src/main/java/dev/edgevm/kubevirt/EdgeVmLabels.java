package dev.edgevm.kubevirt;

/** Labels and annotations the SDK puts on what it creates, so any client can find and adopt them. */
public final class EdgeVmLabels {

    /** {@code app.kubernetes.io/managed-by: edgevm} on every object the SDK creates. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "edgevm";
    /** The VM an object belongs to (cloud-init Secret, DataVolumes, volumes). */
    public static final String VM = "edgevm.dev/vm";
    /** On the VM: a digest of everything deploy rendered, to tell "same spec" from "changed spec" without a diff. */
    public static final String SPEC_HASH = "edgevm.dev/spec-hash";
    /** On the VM's instance template: selects its launcher pod and VMI. */
    public static final String TEMPLATE_VM = "kubevirt.io/vm";

    private EdgeVmLabels() {}
}
