package dev.edgevm.storage.pool.internal;

import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.OperationFailedException;
import dev.edgevm.core.WaitTimeoutException;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.internal.await.Await;
import dev.edgevm.storage.internal.nodes.Hostnames;
import dev.edgevm.storage.pool.PoolVolume;
import dev.edgevm.storage.pool.ReleaseResult;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Gives volumes back, node by node: takes each volume's {@link ReleaseLease}, wipes the disk files
 * of the leased ones with one Job on the node, then deletes them and waits until they are gone.
 * Volumes a claim still uses are kept and reported; volumes another client is releasing are waited
 * for. A node whose wipe fails keeps its volumes, the other nodes go on, and the failure lists what
 * was freed.
 */
final class VolumeRelease {

    /** A lease outlasts its wipe Job's deadline by this much: time to delete the volume after it. */
    private static final Duration LEASE_MARGIN = Duration.ofMinutes(2);

    private final ClusterAccess cluster;
    private final VolumeWipe wipe;
    private final VolumeWipe.Settings settings;
    private final Await await;
    private final ReleaseLease lease;

    VolumeRelease(ClusterAccess cluster, VolumeWipe wipe, VolumeWipe.Settings settings) {
        this.cluster = cluster;
        this.wipe = wipe;
        this.settings = settings;
        this.await = new Await(cluster);
        this.lease = new ReleaseLease(cluster, UUID.randomUUID().toString());
    }

    /**
     * Wipes then deletes, per node. The wipe comes first and the volume is deleted only by the
     * holder of its lease, once the wipe is over: while the volume exists nobody else can be handed
     * its directory, so data of a new owner is never wiped.
     *
     * @throws OperationFailedException when a node's wipe or a deletion failed, listing the volumes freed
     */
    ReleaseResult release(List<PoolVolume> volumes) {
        List<String> released = new ArrayList<>();
        Map<String, String> kept = new LinkedHashMap<>();
        Map<String, String> others = new LinkedHashMap<>(); // name -> uid, released by another client
        Map<String, List<PoolVolume>> byNode = new LinkedHashMap<>();
        volumes.forEach(v -> byNode.computeIfAbsent(v.node(), n -> new ArrayList<>()).add(v));
        List<RuntimeException> failures = new ArrayList<>();
        for (Map.Entry<String, List<PoolVolume>> node : byNode.entrySet()) {
            Instant until = Instant.now().plus(settings.timeout()).plus(LEASE_MARGIN);
            List<PersistentVolume> leased = new ArrayList<>();
            for (PoolVolume volume : node.getValue()) {
                ReleaseLease.Outcome outcome;
                try {
                    outcome = lease.acquire(volume.name(), volume.uid().orElse(null), until);
                } catch (RuntimeException e) {
                    // The leases taken so far are still freed below, and this one, should the write
                    // have gone through unanswered, is given back: none is left held until it ends.
                    failures.add(e);
                    kept.put(volume.name(), e.getMessage());
                    lease.giveBack(volume.name(), volume.uid().orElse(null));
                    continue;
                }
                if (outcome instanceof ReleaseLease.Acquired a) {
                    leased.add(a.volume());
                } else if (outcome instanceof ReleaseLease.Gone) {
                    released.add(volume.name());
                } else if (outcome instanceof ReleaseLease.Busy) {
                    others.put(volume.name(), volume.uid().orElse(null));
                } else if (outcome instanceof ReleaseLease.InUse u) {
                    kept.put(volume.name(), "claim " + u.claim() + " still uses it: delete the claim (or the VM with purgeStorage) first");
                }
            }
            try {
                freeOnNode(node.getKey(), leased, released);
            } catch (RuntimeException e) {
                failures.add(e);
                leased.stream().filter(pv -> !released.contains(pv.getMetadata().getName())).forEach(pv -> {
                    kept.put(pv.getMetadata().getName(), e.getMessage());
                    lease.giveBack(pv);
                });
            }
        }
        others.forEach((name, uid) -> {
            try {
                awaitGone(name, uid);
                released.add(name);
            } catch (WaitTimeoutException e) {
                kept.put(name, "another client is releasing it, and it was not gone within " + settings.timeout().toSeconds() + " s");
            }
        });
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw new OperationFailedException("release of volumes " + volumes.stream().map(PoolVolume::name).toList(),
                    released.stream().map(n -> "wiped and freed " + n).toList(), List.of(),
                    kept.keySet().stream().map(n -> "volume " + n + " (kept: " + kept.get(n) + ")").toList(), first);
        }
        return new ReleaseResult(released, kept);
    }

    /** Wipes the leased volumes of one node, then deletes each (adding it to {@code released} once gone). */
    private void freeOnNode(String node, List<PersistentVolume> leased, List<String> released) {
        if (leased.isEmpty()) {
            return;
        }
        String hostname = Hostnames.pinnedBy(leased.get(0)).orElse(node);
        // The Job's pod is killed at this deadline, before the lease ends: no wipe outlives the lease.
        wipe.wipe(node, hostname, leased, settings, settings.timeout());
        for (PersistentVolume pv : leased) {
            String uid = lease.delete(pv);
            awaitGone(pv.getMetadata().getName(), uid);
            released.add(pv.getMetadata().getName());
        }
    }

    /**
     * Waits until the volume is gone (its protection finalizer goes once it is not bound). As soon
     * as it is, the number may be allocated again: a volume of that name with another UID does not count.
     */
    private void awaitGone(String name, String uid) {
        ObjectRef ref = ObjectRef.clusterScoped("PersistentVolume", name);
        await.gone(ref + " to be deleted", settings.timeout(), PersistentVolume.class, null, name, uid,
                () -> cluster.call("get", ref, () -> cluster.client().persistentVolumes().withName(name).get()));
    }
}
