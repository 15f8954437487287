package dev.edgevm.storage.testing;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Every phase each PersistentVolume went through while watched (DELETED when it went away). */
public final class VolumeHistory implements AutoCloseable {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, List<String>> phases = new HashMap<>();
    private final Map<String, String> claims = new HashMap<>();
    private final Watch watch;

    private VolumeHistory(KubernetesClient client) {
        this.watch = client.persistentVolumes().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, PersistentVolume pv) {
                record(action, pv);
            }

            @Override
            public void onClose(WatcherException cause) {
                // the test ends the watch
            }
        });
    }

    public static VolumeHistory watch(KubernetesClient client) {
        return new VolumeHistory(client);
    }

    private void record(Watcher.Action action, PersistentVolume pv) {
        lock.lock();
        try {
            String name = pv.getMetadata().getName();
            List<String> seen = phases.computeIfAbsent(name, n -> new ArrayList<>());
            String phase = action == Watcher.Action.DELETED ? "DELETED"
                    : pv.getStatus() == null || pv.getStatus().getPhase() == null ? "(none)" : pv.getStatus().getPhase();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(phase)) {
                seen.add(phase);
            }
            if (pv.getSpec() != null && pv.getSpec().getClaimRef() != null) {
                claims.put(name, pv.getSpec().getClaimRef().getName());
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public List<String> phases(String volume) {
        lock.lock();
        try {
            return List.copyOf(phases.getOrDefault(volume, List.of()));
        } finally {
            lock.unlock();
        }
    }

    public String claimOf(String volume) {
        lock.lock();
        try {
            return claims.get(volume);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the volume was seen in {@code phase} (or DELETED). */
    public void await(String volume, String phase, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!phases.getOrDefault(volume, List.of()).contains(phase)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("volume " + volume + " was not seen " + phase + " within " + timeout + "; seen: "
                            + phases.getOrDefault(volume, List.of()));
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        watch.close();
    }
}
