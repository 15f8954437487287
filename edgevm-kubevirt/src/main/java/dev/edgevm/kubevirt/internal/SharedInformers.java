package dev.edgevm.kubevirt.internal;

import dev.edgevm.core.ClusterUnreachableException;
import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.ObjectRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One informer per resource kind and namespace, started on first use and shared by every waiter
 * and reader, however many there are: one list and one watch per kind, not one per VM. Change
 * callbacks are dispatched by object name, so a thousand waiters cost one map lookup per event.
 * The informers re-list and re-watch by themselves when a watch ends (410 Gone included); one
 * that fabric8 stopped (an event it could not read) is replaced by a fresh one.
 *
 * <p>An informer starts (its initial list) on a background thread; whoever needs it waits for
 * that start alone, so starting one kind never holds up users of another, and a wait can give up
 * on a start that takes longer than it may wait.
 */
public final class SharedInformers implements AutoCloseable {

    /** A stopped informer is replaced after this, then after twice as long each time the replacement fails, up to the most. */
    private static final Duration REPLACE_FIRST = Duration.ofMillis(500);
    private static final Duration REPLACE_MOST = Duration.ofSeconds(30);
    /**
     * How long one start (list, then watch) may take before it is given up and tried again with a
     * fresh informer. fabric8 can lose a watch whose WebSocket the server closes as soon as it is
     * open (a 410 Gone at once): that start would never finish.
     */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final ClusterCalls calls;
    private final Executor background;
    private final Duration startTimeout;
    private final Map<Key, CompletableFuture<Informer<?>>> informers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param background where informers start (a start may take minutes on a cluster that answers badly)
     * @param startTimeout how long one start may take before it is tried again ({@link #START_TIMEOUT})
     */
    public SharedInformers(KubernetesClient client, ClusterCalls calls, Executor background, Duration startTimeout) {
        this.client = client;
        this.calls = calls;
        this.background = background;
        this.startTimeout = startTimeout;
    }

    /** The cached object, from an informer that has finished its initial list; a null namespace for cluster-scoped kinds. */
    public <T extends HasMetadata> Optional<T> cached(Class<T> type, String namespace, String name) {
        return Optional.ofNullable(informer(type, namespace).current.getStore().getByKey(key(namespace, name)));
    }

    /** Every cached object of the kind and namespace, from an informer that has finished its initial list. */
    public <T extends HasMetadata> List<T> cachedList(Class<T> type, String namespace) {
        return informer(type, namespace).current.getStore().list();
    }

    private static String key(String namespace, String name) {
        return namespace == null ? name : namespace + "/" + name;
    }

    /**
     * Starts the informers of {@code types} in {@code namespace} (those not started yet) and waits
     * at most {@code within} for their initial lists.
     *
     * @throws TimeoutException if a list has not finished in time (it goes on in the background)
     */
    public void awaitStarted(Duration within, String namespace, List<Class<? extends HasMetadata>> types) throws TimeoutException {
        long deadline = System.nanoTime() + within.toNanos();
        for (Class<? extends HasMetadata> type : types) {
            try {
                starting(type, namespace).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new TimeoutException("the list of " + type.getSimpleName() + " in " + namespace + " has not finished");
            } catch (ExecutionException e) {
                throw failure(e.getCause(), type, namespace);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EdgeVmException("interrupted while listing " + type.getSimpleName(), e);
            }
        }
    }

    /** Whether the informer of the kind is started and its watch is open: its cache follows the server. */
    public boolean isWatching(Class<? extends HasMetadata> type, String namespace) {
        CompletableFuture<Informer<?>> started = informers.get(new Key(type, namespace));
        return started != null && started.isDone() && !started.isCompletedExceptionally() && started.join().current.isWatching();
    }

    /**
     * Notes that this client has just created the named object. Until the informer shows it, its
     * absence from the cache means "not seen yet", not "deleted": see {@link #createdButUnseen}.
     */
    public void expectCreated(Class<? extends HasMetadata> type, String namespace, String name) {
        Informer<?> informer = informer(type, namespace);
        informer.unseen.add(name);
        if (informer.current.getStore().getByKey(key(namespace, name)) != null) {
            informer.unseen.remove(name); // the informer was quicker than us
        }
    }

    /** Forgets an {@link #expectCreated} expectation, e.g. because this client deleted the object. */
    public void forgetCreated(Class<? extends HasMetadata> type, String namespace, String name) {
        startedInformer(type, namespace).ifPresent(i -> i.unseen.remove(name));
    }

    /**
     * Whether this client created the named object and the informer has not shown it yet (it lags
     * behind under load). A reader can then wait for the informer instead of asking the server.
     */
    public boolean createdButUnseen(Class<? extends HasMetadata> type, String namespace, String name) {
        return startedInformer(type, namespace).map(i -> i.unseen.contains(name)).orElse(false);
    }

    /** Runs {@code onChange} after every add, update or delete of the named object; close the result to stop. */
    public AutoCloseable onChange(Class<? extends HasMetadata> type, String namespace, String name, Runnable onChange) {
        Informer<?> informer = informer(type, namespace);
        Set<Runnable> listeners = informer.listeners.computeIfAbsent(name, n -> new CopyOnWriteArraySet<>());
        listeners.add(onChange);
        return () -> listeners.remove(onChange);
    }

    /** Whether something listens to changes of the named object (a wait on it has subscribed). */
    boolean hasListeners(Class<? extends HasMetadata> type, String namespace, String name) {
        return startedInformer(type, namespace).map(i -> !i.listeners.getOrDefault(name, Set.of()).isEmpty()).orElse(false);
    }

    private Optional<Informer<?>> startedInformer(Class<? extends HasMetadata> type, String namespace) {
        CompletableFuture<Informer<?>> started = informers.get(new Key(type, namespace));
        return started != null && started.isDone() && !started.isCompletedExceptionally()
                ? Optional.of(started.join()) : Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private <T extends HasMetadata> Informer<T> informer(Class<T> type, String namespace) {
        try {
            return (Informer<T>) starting(type, namespace).join();
        } catch (CompletionException e) {
            throw failure(e.getCause(), type, namespace);
        }
    }

    /** The start of the kind's informer, begun by the first caller; a start that failed is tried again by the next. */
    private CompletableFuture<Informer<?>> starting(Class<? extends HasMetadata> type, String namespace) {
        if (closed) {
            throw new IllegalStateException("this EdgeVm client is closed");
        }
        Key key = new Key(type, namespace);
        CompletableFuture<Informer<?>> failed = informers.get(key);
        if (failed != null && failed.isCompletedExceptionally()) {
            informers.remove(key, failed);
        }
        return informers.computeIfAbsent(key, k -> CompletableFuture.supplyAsync(
                () -> calls.call("watch", ObjectRef.of(type.getSimpleName(), namespace, null), () -> start(type, namespace)), background));
    }

    private static EdgeVmException failure(Throwable cause, Class<?> type, String namespace) {
        return cause instanceof EdgeVmException e ? e : Errors.translate(cause, "list", ObjectRef.of(type.getSimpleName(), namespace, null));
    }

    private <T extends HasMetadata> Informer<T> start(Class<T> type, String namespace) {
        Informer<T> wrapped = new Informer<>();
        SharedIndexInformer<T> informer = listAndWatch(type, namespace, wrapped);
        wrapped.current = informer;
        replaceWhenStopped(type, namespace, wrapped, informer);
        return wrapped;
    }

    /**
     * A started informer feeding {@code handler}; one that cannot list, or does not finish starting
     * in time, is stopped and the failure thrown (a start that hung is worth trying again).
     */
    private <T extends HasMetadata> SharedIndexInformer<T> listAndWatch(Class<T> type, String namespace, Informer<T> handler) {
        // A null namespace is a cluster-scoped kind (PersistentVolumes, Nodes): one informer over all of them.
        SharedIndexInformer<T> informer = namespace == null ? client.resources(type).runnableInformer(0)
                : client.resources(type).inNamespace(namespace).runnableInformer(0);
        informer.addEventHandler(handler);
        try {
            informer.start().toCompletableFuture().get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (closed) {
                informer.stop();
                throw new IllegalStateException("this EdgeVm client is closed");
            }
            return informer;
        } catch (ExecutionException e) {
            informer.stop();
            throw Errors.translate(e.getCause(), "list", ObjectRef.of(type.getSimpleName(), namespace, null));
        } catch (TimeoutException e) {
            informer.stop();
            throw new ClusterUnreachableException("list and watch " + ObjectRef.of(type.getSimpleName(), namespace, null)
                    + ": not started within " + startTimeout.toSeconds() + "s", e);
        } catch (InterruptedException e) {
            informer.stop();
            Thread.currentThread().interrupt();
            throw new EdgeVmException("interrupted while listing " + type.getSimpleName(), e);
        }
    }

    /**
     * fabric8 stops an informer for good when its watch brings an event it cannot read (cut-off
     * JSON, an unknown event type). Until this client closes, a stopped informer is replaced by a
     * fresh one that lists and watches again, keeping the waiters' callbacks; meanwhile waits read
     * the server themselves, as for any informer that is not watching.
     */
    private <T extends HasMetadata> void replaceWhenStopped(Class<T> type, String namespace, Informer<T> wrapped,
                                                            SharedIndexInformer<T> stopping) {
        stopping.stopped().whenComplete((done, failure) -> replace(type, namespace, wrapped, REPLACE_FIRST));
    }

    private <T extends HasMetadata> void replace(Class<T> type, String namespace, Informer<T> wrapped, Duration after) {
        if (closed) {
            return;
        }
        CompletableFuture.delayedExecutor(after.toMillis(), TimeUnit.MILLISECONDS, background).execute(() -> {
            if (closed) {
                return;
            }
            try {
                SharedIndexInformer<T> fresh = calls.call("watch", ObjectRef.of(type.getSimpleName(), namespace, null),
                        () -> listAndWatch(type, namespace, wrapped));
                wrapped.current = fresh;
                if (closed) {
                    fresh.stop();
                    return;
                }
                wrapped.notifyEveryListener(); // an object deleted meanwhile sent no event to anyone
                replaceWhenStopped(type, namespace, wrapped, fresh);
            } catch (RuntimeException stillFailing) {
                Duration twice = after.multipliedBy(2);
                replace(type, namespace, wrapped, twice.compareTo(REPLACE_MOST) < 0 ? twice : REPLACE_MOST);
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        informers.values().forEach(started -> started.thenAccept(i -> i.current.stop()));
        informers.clear();
    }

    private record Key(Class<?> type, String namespace) {}

    /** An informer and the callbacks waiting on each object name. */
    private static final class Informer<T extends HasMetadata> implements ResourceEventHandler<T> {
        /** The running informer: replaced when fabric8 stops one (see {@link #replaceWhenStopped}). */
        private volatile SharedIndexInformer<T> current;
        private final Map<String, Set<Runnable>> listeners = new ConcurrentHashMap<>();
        /** Names this client created that no event has shown yet. */
        private final Set<String> unseen = ConcurrentHashMap.newKeySet();

        void notifyEveryListener() {
            listeners.values().forEach(waiting -> waiting.forEach(Runnable::run));
        }

        @Override
        public void onAdd(T obj) {
            dispatch(obj);
        }

        @Override
        public void onUpdate(T oldObj, T newObj) {
            dispatch(newObj);
        }

        @Override
        public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            dispatch(obj);
        }

        private void dispatch(T obj) {
            unseen.remove(obj.getMetadata().getName());
            Set<Runnable> waiting = listeners.get(obj.getMetadata().getName());
            if (waiting != null) {
                waiting.forEach(Runnable::run);
            }
        }
    }
}
