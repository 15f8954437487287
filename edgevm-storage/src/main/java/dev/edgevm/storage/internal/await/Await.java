package dev.edgevm.storage.internal.await;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.WaitTimeoutException;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Waits for cluster objects to reach a state, on the EdgeVm's shared informers: the check runs
 * again whenever one of the watched objects changes, never on a timer alone (a slow re-check every
 * few seconds only guards against a missed event). Interrupting the waiting thread cancels.
 */
public final class Await {

    /** Re-checks this often even without events, in case an informer restarted and missed one. */
    private static final long SAFETY_RECHECK_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ClusterAccess cluster;

    public Await(ClusterAccess cluster) {
        this.cluster = cluster;
    }

    /** An object whose changes re-run the check; a null namespace for cluster-scoped kinds. */
    public record Watched(Class<? extends HasMetadata> type, String namespace, String name) {}

    /** What one check concluded. */
    public static final class Outcome<T> {
        private final T value;
        private final EdgeVmException failure;
        private final String state;
        private final boolean done;

        private Outcome(T value, EdgeVmException failure, String state, boolean done) {
            this.value = value;
            this.failure = failure;
            this.state = state;
            this.done = done;
        }

        public static <T> Outcome<T> success(T value) {
            return new Outcome<>(value, null, null, true);
        }

        /** Stop waiting and throw {@code failure}: the state will not get better by itself. */
        public static <T> Outcome<T> failure(EdgeVmException failure) {
            return new Outcome<>(null, failure, null, false);
        }

        /** Not yet; {@code state} describes what was seen, for the timeout message. */
        public static <T> Outcome<T> waiting(String state) {
            return new Outcome<>(null, null, state, false);
        }
    }

    /** Waits until {@code check} succeeds, re-running it on every change of a watched object. */
    public <T> T until(String what, Duration timeout, List<Watched> watched, Supplier<Outcome<T>> check) {
        Semaphore changed = new Semaphore(0);
        List<AutoCloseable> subscriptions = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        int attempts = 0;
        String lastState = "nothing seen yet";
        try {
            for (Watched w : watched) {
                subscriptions.add(cluster.onChange(w.type(), w.namespace(), w.name(), changed::release));
            }
            while (true) {
                changed.drainPermits();
                attempts++;
                Outcome<T> outcome = check.get();
                if (outcome.done) {
                    return outcome.value;
                }
                if (outcome.failure != null) {
                    throw outcome.failure;
                }
                lastState = outcome.state;
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new WaitTimeoutException(what, lastState, Duration.ofNanos(System.nanoTime() - start), attempts);
                }
                changed.tryAcquire(Math.min(left, SAFETY_RECHECK_NANOS), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            CancellationException cancelled = new CancellationException("cancelled while waiting for " + what);
            cancelled.initCause(e);
            throw cancelled;
        } finally {
            for (AutoCloseable s : subscriptions) {
                try {
                    s.close();
                } catch (Exception ignored) {
                    // unsubscribing only removes a callback
                }
            }
        }
    }

    /** Waits on one object, handing the check its cached state (empty when absent). */
    public <T extends HasMetadata, R> R until(String what, Duration timeout, Class<T> type, String namespace, String name,
                                              Function<Optional<T>, Outcome<R>> check) {
        return until(what, timeout, List.of(new Watched(type, namespace, name)),
                () -> check.apply(cluster.cached(type, namespace, name)));
    }

    /**
     * Waits until the object is gone. The informer may not have seen an object just created, so an
     * absence in the cache is confirmed by one read from the server.
     */
    public <T extends HasMetadata> void gone(String what, Duration timeout, Class<T> type, String namespace, String name,
                                             Supplier<T> read) {
        gone(what, timeout, type, namespace, name, null, read);
    }

    /**
     * Waits until the object with this UID is gone: one of the same name with another UID was
     * created after it (e.g. a pool volume of that number allocated again), so it does not count.
     * A null UID matches any object of that name.
     */
    public <T extends HasMetadata> void gone(String what, Duration timeout, Class<T> type, String namespace, String name,
                                             String uid, Supplier<T> read) {
        until(what, timeout, type, namespace, name, cached -> {
            if (cached.isPresent() && sameObject(cached.get(), uid)) {
                return Outcome.waiting(describe(cached.get()));
            }
            T current = read.get();
            return current == null || !sameObject(current, uid) ? Outcome.success(Boolean.TRUE) : Outcome.waiting(describe(current));
        });
    }

    private static boolean sameObject(HasMetadata object, String uid) {
        return uid == null || uid.equals(object.getMetadata().getUid());
    }

    private static String describe(HasMetadata object) {
        boolean deleting = object.getMetadata().getDeletionTimestamp() != null;
        List<String> finalizers = object.getMetadata().getFinalizers();
        return object.getKind() + " " + object.getMetadata().getName() + (deleting ? " is terminating" : " exists")
                + (finalizers == null || finalizers.isEmpty() ? "" : ", finalizers " + finalizers);
    }
}
