package dev.edgevm.storage.pool;

import dev.edgevm.core.Quantity;
import java.util.Objects;
import java.util.Optional;

/**
 * One volume of the pool as the cluster has it: the PersistentVolume's name, the node and
 * directory it stands for, who owns it, which claim it is for, and its phase
 * (Available, Bound, Released, Failed). Volumes on pool directories that edgevm did not create
 * (made by hand, as in the runbook) are listed too, with {@link #managed()} false.
 */
public final class PoolVolume {

    private final String name;
    private final String node;
    private final int index;
    private final String path;
    private final Quantity capacity;
    private final VolumeRole role;
    private final VolumeOwner owner;
    private final ClaimRef claim;
    private final String phase;
    private final boolean managed;
    private final String uid;

    public PoolVolume(String name, String node, int index, String path, Quantity capacity, VolumeRole role,
                      VolumeOwner owner, ClaimRef claim, String phase, boolean managed, String uid) {
        this.name = Objects.requireNonNull(name, "name");
        this.uid = uid;
        this.node = Objects.requireNonNull(node, "node");
        this.index = index;
        this.path = Objects.requireNonNull(path, "path");
        this.capacity = capacity;
        this.role = role;
        this.owner = owner;
        this.claim = claim;
        this.phase = phase == null ? "Pending" : phase;
        this.managed = managed;
    }

    /** The PersistentVolume's name, e.g. {@code node01-vol3}. */
    public String name() {
        return name;
    }

    /**
     * The PersistentVolume's UID when read from the cluster: a volume of the same name created
     * after this one was released is another volume, and nothing done for this one touches it.
     */
    public Optional<String> uid() {
        return Optional.ofNullable(uid);
    }

    public String node() {
        return node;
    }

    /** N in {@code <base>/<prefix>N}. */
    public int index() {
        return index;
    }

    /** The directory on the node, e.g. {@code /var/vd/vol3}. */
    public String path() {
        return path;
    }

    public Optional<Quantity> capacity() {
        return Optional.ofNullable(capacity);
    }

    /** Empty for volumes edgevm did not create. */
    public Optional<VolumeRole> role() {
        return Optional.ofNullable(role);
    }

    /** Empty for volumes edgevm did not create. */
    public Optional<VolumeOwner> owner() {
        return Optional.ofNullable(owner);
    }

    /** The claim the volume is (pre-)bound to, if any. */
    public Optional<ClaimRef> claim() {
        return Optional.ofNullable(claim);
    }

    /** The PersistentVolume's phase: Pending, Available, Bound, Released or Failed. */
    public String phase() {
        return phase;
    }

    public boolean released() {
        return "Released".equals(phase);
    }

    /** Whether edgevm's pool created this volume (it carries the pool's labels). */
    public boolean managed() {
        return managed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoolVolume v && v.name.equals(name) && v.node.equals(node) && v.index == index
                && Objects.equals(v.claim, claim) && Objects.equals(v.owner, owner) && v.role == role && v.phase.equals(phase)
                && Objects.equals(v.uid, uid);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, node, index);
    }

    /** {@code node01-vol3 node01:/var/vd/vol3 data of default/centos-vm, Bound to default/centos-dv}. */
    @Override
    public String toString() {
        return name + " " + node + ":" + path + " " + (role == null ? "(not edgevm's)" : role.label())
                + (owner == null ? "" : " of " + owner) + ", " + phase + (claim == null ? "" : " to " + claim);
    }
}
