package dev.edgevm.storage.pool;

import dev.edgevm.core.Quantity;
import java.util.List;
import java.util.Optional;

/**
 * The node-local volume pool: PersistentVolumes on the directories {@code <base>/<prefix>N} of
 * each node, created on demand, pre-bound to the claim that will use them and labelled with their
 * owner. The API server decides who gets a volume: its name is the node and the number, so two
 * allocators (threads or processes) racing for the same one get one success and one 409, and the
 * loser takes the next number. No local state.
 *
 * <pre>{@code
 * VolumePool pool = EdgeStorage.of(edge).pool();
 * PoolVolume pv = pool.allocate("node01", VolumeOwner.of("default", "centos-vm"), Quantity.parse("16Gi"),
 *         ClaimRef.of("default", "centos-dv"));
 * pool.usage().byOwner();                       // who has what
 * pool.release(VolumeOwner.of("default", "centos-vm"));  // wipe disk.img on the node, delete the PVs
 * }</pre>
 */
public interface VolumePool {

    /** The disk file of a data volume, as CDI writes it ({@code <path>/disk.img}). */
    String DISK_FILE = "disk.img";
    /** CDI's staging file in a scratch volume. */
    String SCRATCH_FILE = "tmpimage";
    /** The file a snapshot volume keeps its image in. */
    String SNAPSHOT_FILE = "snapshot.qcow2";

    PoolConfig config();

    /**
     * Allocates a data volume on {@code node}, pre-bound to {@code claim}.
     *
     * @throws NodeFullException if every volume of the node is taken
     * @throws dev.edgevm.core.InvalidSpecException if the node does not exist
     */
    PoolVolume allocate(String node, VolumeOwner owner, Quantity size, ClaimRef claim);

    /** Allocates a volume as requested; see {@link #allocate(String, VolumeOwner, Quantity, ClaimRef)}. */
    PoolVolume allocate(VolumeRequest request);

    /** The node-local volume (pre-)bound to {@code claim}, pool volume or not, if there is one. */
    Optional<PoolVolume> find(ClaimRef claim);

    /** The pool volumes of an owner, on every node. */
    List<PoolVolume> volumesOf(VolumeOwner owner);

    /**
     * Every node's volumes in use, Released and free, and every volume with its owner and claim.
     * Scratch volumes whose upload is over are recycled first, as {@link #allocate} does too.
     */
    PoolUsage usage();

    /**
     * Wipes ({@link #DISK_FILE}, {@link #SCRATCH_FILE} and {@link #SNAPSHOT_FILE}, by a Job pinned to each node) and deletes the
     * owner's volumes. Volumes whose claim still exists are kept and reported: delete the claim
     * (or the VM with {@code purgeStorage}) first.
     */
    ReleaseResult release(VolumeOwner owner);

    /** Wipes and deletes these volumes, keeping (and reporting) those a claim still uses. */
    ReleaseResult release(List<PoolVolume> volumes);

    /**
     * Releases the scratch volumes whose upload is over: CDI deleted their claim, so they are
     * Released, and their DataVolume Succeeded or is gone. Uploads do this for their own scratch
     * volume, and the pool for any left over whenever it allocates or reports its usage.
     */
    ReleaseResult recycleScratch();
}
