package dev.edgevm.kubevirt.spi;

import dev.edgevm.core.ObjectRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What extension modules use to talk to the cluster the way the SDK does: every call under the
 * EdgeVm's retry policy, failures as the SDK's exceptions, reads of watched kinds from the shared
 * informers.
 */
public interface ClusterAccess {

    /** The client, whose own retries are off: {@link #call} retries. */
    KubernetesClient client();

    /** Runs one API call with retries; {@code action} and {@code object} name it in messages. */
    <T> T call(String action, ObjectRef object, Supplier<T> request);

    /** Like {@link #call} for a call with no result. */
    void run(String action, ObjectRef object, Runnable request);

    /**
     * Runs {@code readChangeWrite} (read the object, change it, write it with the read's
     * resourceVersion, each call through {@link #call}) again from the read while the write meets a
     * concurrent change (409 Conflict, not AlreadyExists), under the EdgeVm's retry policy.
     */
    <T> T onConflict(Supplier<T> readChangeWrite);

    /**
     * The named object as the shared informer of its kind and namespace has it (one list/watch per kind);
     * {@code namespace} is null for cluster-scoped kinds such as PersistentVolumes.
     */
    <T extends HasMetadata> Optional<T> cached(Class<T> type, String namespace, String name);

    /**
     * Every object of the kind (in the namespace; null for cluster-scoped kinds) as the shared
     * informer has it: possibly a moment behind the server, so a hint to act on, not an answer.
     */
    <T extends HasMetadata> List<T> cachedList(Class<T> type, String namespace);

    /** Runs {@code onChange} on every change of the named object (null namespace: cluster-scoped); close the result to stop. */
    AutoCloseable onChange(Class<? extends HasMetadata> type, String namespace, String name, Runnable onChange);
}
