package dev.edgevm.storage.pool.internal;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.NotFoundException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Who may wipe and delete a volume: the one client that wrote its lease onto the volume (two
 * annotations, written with the volume's resourceVersion, so of two clients racing only one
 * succeeds). The holder's wipe Job may run only until the lease ends, and the volume is deleted
 * with the resourceVersion its holder last read, so a wipe never outlives its volume: the number
 * cannot be handed out again while a wipe of it may still run, and no client wipes or deletes a
 * volume of the same name allocated since. Another client waits until the volume is gone; a lease
 * whose holder died ends at its time, and the volume may then be taken over.
 */
final class ReleaseLease {

    static final String HOLDER = "edgevm.dev/release-holder";
    static final String UNTIL = "edgevm.dev/release-until";
    /** Clocks of different clients may differ: a lease counts as ended only this long after its time. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    /** What an attempt to take a volume's lease found. */
    sealed interface Outcome permits Acquired, Gone, Busy, InUse {}

    /** The lease is ours: {@code volume} as written, with its resourceVersion. */
    record Acquired(PersistentVolume volume) implements Outcome {}

    /** The volume (with that UID) does not exist any more: someone released it. */
    record Gone() implements Outcome {}

    /** Another client is releasing it (or deleting it): wait until it is gone. */
    record Busy(String why) implements Outcome {}

    /** A claim still uses it. */
    record InUse(String claim) implements Outcome {}

    private final ClusterAccess cluster;
    private final String holder;

    ReleaseLease(ClusterAccess cluster, String holder) {
        this.cluster = cluster;
        this.holder = holder;
    }

    /**
     * Takes the lease of the volume {@code name} with {@code uid} (null: whichever exists) until
     * {@code until}.
     */
    Outcome acquire(String name, String uid, Instant until) {
        ObjectRef ref = ObjectRef.clusterScoped("PersistentVolume", name);
        return cluster.onConflict(() -> {
            PersistentVolume pv = read(name);
            if (pv == null || uid != null && !uid.equals(pv.getMetadata().getUid())) {
                return new Gone();
            }
            if (ours(pv)) {
                return new Acquired(pv); // a retried write of ours that went through
            }
            if (pv.getMetadata().getDeletionTimestamp() != null) {
                return new Busy("it is being deleted");
            }
            Optional<String> other = heldByOther(pv);
            if (other.isPresent()) {
                return new Busy(other.get());
            }
            Optional<String> claim = claimInUse(pv);
            if (claim.isPresent()) {
                return new InUse(claim.get());
            }
            PersistentVolume leased = new PersistentVolumeBuilder(pv).editMetadata()
                    .addToAnnotations(HOLDER, holder).addToAnnotations(UNTIL, until.toString()).endMetadata().build();
            // The update carries the resourceVersion just read: a concurrent change makes it fail with 409, and it is read again.
            try {
                return new Acquired(cluster.call("lease", ref, () -> cluster.client().persistentVolumes().resource(leased).update()));
            } catch (NotFoundException deletedSinceTheRead) {
                return new Gone();
            }
        });
    }

    /**
     * Deletes the volume while the lease is still ours, with the resourceVersion that shows it, so
     * no other holder can have started a wipe in between.
     *
     * @return the UID of the volume deleted
     * @throws EdgeVmException when the lease was lost (it ended and another client took over)
     */
    String delete(PersistentVolume leased) {
        String name = leased.getMetadata().getName();
        String uid = leased.getMetadata().getUid();
        ObjectRef ref = ObjectRef.clusterScoped("PersistentVolume", name);
        return cluster.onConflict(() -> {
            PersistentVolume pv = read(name);
            if (pv == null || !uid.equals(pv.getMetadata().getUid()) || pv.getMetadata().getDeletionTimestamp() != null) {
                return uid; // our delete went through already (its answer was lost), or the volume is gone
            }
            if (!ours(pv)) {
                throw new EdgeVmException("volume " + name + " was not deleted: its release lease ended and "
                        + heldByOther(pv).orElse("another client") + "; that client frees it");
            }
            String version = pv.getMetadata().getResourceVersion();
            // A change since the read (409) is read again: the lease may have been lost meanwhile.
            cluster.run("delete", ref, () -> cluster.client().persistentVolumes().withName(name).lockResourceVersion(version).delete());
            return uid;
        });
    }

    /** Gives the lease back (best effort) after a failed wipe, so the next release need not wait for it to end. */
    void giveBack(PersistentVolume leased) {
        giveBack(leased.getMetadata().getName(), leased.getMetadata().getUid());
    }

    /** Gives the lease of the volume {@code name} with {@code uid} (null: whichever exists) back, if it is ours. */
    void giveBack(String name, String uid) {
        try {
            PersistentVolume pv = read(name);
            if (pv == null || uid != null && !pv.getMetadata().getUid().equals(uid) || !ours(pv)) {
                return;
            }
            pv.getMetadata().getAnnotations().remove(HOLDER);
            pv.getMetadata().getAnnotations().remove(UNTIL);
            cluster.call("end lease", ObjectRef.clusterScoped("PersistentVolume", name),
                    () -> cluster.client().persistentVolumes().resource(pv).update());
        } catch (RuntimeException e) {
            // the lease ends at its time anyway
        }
    }

    private boolean ours(PersistentVolume pv) {
        return holder.equals(annotations(pv).get(HOLDER));
    }

    /** Who else holds the volume's lease, unless it ended (with the clocks' leeway). */
    static Optional<String> heldByOther(PersistentVolume pv, String holder, Instant now) {
        Map<String, String> notes = annotations(pv);
        String other = notes.get(HOLDER);
        if (other == null || other.equals(holder)) {
            return Optional.empty();
        }
        Instant until;
        try {
            until = Instant.parse(notes.getOrDefault(UNTIL, ""));
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
        return now.isAfter(until.plus(CLOCK_SKEW)) ? Optional.empty()
                : Optional.of("client " + other + " releases it (lease until " + until + ")");
    }

    private Optional<String> heldByOther(PersistentVolume pv) {
        return heldByOther(pv, holder, Instant.now());
    }

    /** The claim (namespace/name) that still holds the volume, if it exists. */
    private Optional<String> claimInUse(PersistentVolume pv) {
        ObjectReference ref = pv.getSpec() == null ? null : pv.getSpec().getClaimRef();
        if (ref == null || ref.getName() == null || ref.getNamespace() == null) {
            return Optional.empty();
        }
        ObjectRef claimRef = ObjectRef.of("PersistentVolumeClaim", ref.getNamespace(), ref.getName());
        PersistentVolumeClaim claim = cluster.call("get", claimRef, () -> cluster.client().persistentVolumeClaims()
                .inNamespace(ref.getNamespace()).withName(ref.getName()).get());
        if (claim == null) {
            return Optional.empty();
        }
        boolean same = ref.getUid() == null || ref.getUid().isEmpty() || ref.getUid().equals(claim.getMetadata().getUid());
        return same ? Optional.of(ref.getNamespace() + "/" + ref.getName()) : Optional.empty();
    }

    private static Map<String, String> annotations(PersistentVolume pv) {
        return pv.getMetadata().getAnnotations() == null ? Map.of() : pv.getMetadata().getAnnotations();
    }

    private PersistentVolume read(String name) {
        return cluster.call("get", ObjectRef.clusterScoped("PersistentVolume", name),
                () -> cluster.client().persistentVolumes().withName(name).get());
    }
}
