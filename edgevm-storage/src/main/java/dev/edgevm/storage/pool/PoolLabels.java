package dev.edgevm.storage.pool;

/**
 * The labels on every PersistentVolume of the pool, so any client (kubectl included) can tell
 * which VM a volume belongs to on which node: {@code kubectl get pv -l edgevm.dev/vm=centos-vm}.
 */
public final class PoolLabels {

    /** The node the volume's directory is on. */
    public static final String NODE = "edgevm.dev/pool-node";
    /** The volume's number N on its node: its directory is {@code <base>/<prefix>N}. */
    public static final String INDEX = "edgevm.dev/pool-index";
    /** The owning VM's name (or a standalone upload's DataVolume); same key as on the VM's other objects. */
    public static final String OWNER = "edgevm.dev/vm";
    /** The owning VM's namespace (volumes are cluster-scoped). */
    public static final String OWNER_NAMESPACE = "edgevm.dev/vm-namespace";
    /** {@link VolumeRole#label()}: data, scratch or snapshot. */
    public static final String ROLE = "edgevm.dev/volume-role";
    /** A random id written by the allocation that created the volume, to recognise its own retried create. */
    public static final String ALLOCATION = "edgevm.dev/allocation";

    private PoolLabels() {}
}
