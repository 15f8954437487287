package dev.edgevm.kubevirt.internal;

import dev.edgevm.core.NotFoundException;
import dev.edgevm.core.ObjectRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Updates under optimistic concurrency: read, change, write with the read's resourceVersion; on 409
 * (someone wrote in between) read again and re-apply the change, under the client's conflict policy.
 * Wrapped around the transient retries of each single call.
 */
final class Conflicts {

    private Conflicts() {}

    static <T extends HasMetadata> T edit(DefaultEdgeVm edge, ObjectRef ref,
                                          Supplier<NonNamespaceOperation<T, ?, Resource<T>>> operation, UnaryOperator<T> change) {
        return edge.calls().policies().onConflict(() -> {
            T current = edge.call("get", ref, () -> operation.get().withName(ref.name()).get());
            if (current == null) {
                throw new NotFoundException(ref + " does not exist", ref, null);
            }
            T changed = change.apply(current);
            return edge.call("update", ref, () -> operation.get().resource(changed).update());
        });
    }
}
