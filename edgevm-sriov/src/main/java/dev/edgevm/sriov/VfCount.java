package dev.edgevm.sriov;

/**
 * The virtual functions of one device plugin resource on one node.
 *
 * @param capacity what the device plugin advertises
 * @param allocatable what pods may request (0 while the device plugin restarts)
 * @param used what running and pending pods on the node request (VM launcher pods included)
 */
public record VfCount(long capacity, long allocatable, long used) {

    /** VFs a new VM could get now. */
    public long free() {
        return Math.max(0, allocatable - used);
    }

    @Override
    public String toString() {
        return free() + " free (capacity " + capacity + ", allocatable " + allocatable + ", used " + used + ")";
    }
}
