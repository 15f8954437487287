package dev.edgevm.storage.faults;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Watches the PersistentVolumes while the suite runs, so that a volume used twice is caught when
 * it happens, not only if it is still so at the end: a Bound volume whose claim changes to
 * another claim, or a claim that two volumes are Bound to at once. An informer, on a client of
 * its own: when the injected faults end its watch, it lists again and compares what it had with
 * what it finds, so a change is caught even across the gap.
 */
final class VolumeBindingWatch implements AutoCloseable {

    private final SharedIndexInformer<PersistentVolume> informer;
    private final Map<String, String> boundVolumeByClaim = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final Set<String> seenBound = new HashSet<>();

    VolumeBindingWatch(KubernetesClient client) {
        this.informer = client.persistentVolumes().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(PersistentVolume pv) {
                seen(null, pv);
            }

            @Override
            public void onUpdate(PersistentVolume before, PersistentVolume after) {
                seen(before, after);
            }

            @Override
            public void onDelete(PersistentVolume pv, boolean finalStateUnknown) {
                synchronized (boundVolumeByClaim) {
                    boundVolumeByClaim.values().remove(pv.getMetadata().getName());
                }
            }
        });
    }

    private void seen(PersistentVolume before, PersistentVolume after) {
        String name = after.getMetadata().getName();
        String claim = claim(after);
        synchronized (boundVolumeByClaim) {
            // After a watch gap the informer reports a volume deleted and made again under the same
            // name (the pool hands its number out again) as an update: that is another volume.
            boolean sameVolume = before != null && Objects.equals(before.getMetadata().getUid(), after.getMetadata().getUid());
            if (sameVolume && bound(before) && bound(after) && !sameClaim(before, after)) {
                violations.add("volume " + name + " (uid " + after.getMetadata().getUid() + ") went from claim "
                        + claim(before) + " to " + claim + " while Bound");
            }
            boundVolumeByClaim.values().remove(name);
            if (bound(after) && claim != null) {
                seenBound.add(name);
                // keyed by the claim's uid too: a claim made again under its name is another claim,
                // and after a watch gap its new volume may be reported before its old one's deletion
                String other = boundVolumeByClaim.putIfAbsent(claim + "@" + after.getSpec().getClaimRef().getUid(), name);
                if (other != null) {
                    violations.add("claim " + claim + " Bound to " + other + " and " + name + " at once");
                }
            }
        }
    }

    private static boolean bound(PersistentVolume pv) {
        return pv.getStatus() != null && "Bound".equals(pv.getStatus().getPhase());
    }

    private static String claim(PersistentVolume pv) {
        ObjectReference ref = pv.getSpec().getClaimRef();
        return ref == null ? null : ref.getNamespace() + "/" + ref.getName();
    }

    /** The same claim: same namespace and name, and the same uid when both name one (a claim made again is another claim). */
    private static boolean sameClaim(PersistentVolume a, PersistentVolume b) {
        ObjectReference x = a.getSpec().getClaimRef();
        ObjectReference y = b.getSpec().getClaimRef();
        if (x == null || y == null) {
            return x == y;
        }
        return Objects.equals(claim(a), claim(b)) && (x.getUid() == null || y.getUid() == null || x.getUid().equals(y.getUid()));
    }

    /** What was seen going wrong so far. */
    List<String> violations() {
        synchronized (boundVolumeByClaim) {
            return List.copyOf(violations);
        }
    }

    /** How many volumes were seen Bound: that the watch saw the run at all. */
    int volumesSeenBound() {
        synchronized (boundVolumeByClaim) {
            return seenBound.size();
        }
    }

    @Override
    public void close() {
        informer.close();
    }
}
