package dev.edgevm.storage.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.ArrayList;
import java.util.List;

/** Another controller's finalizer, holding an object back after its deletion until it is taken off. */
public final class ForeignFinalizer {

    public static final String HOLD = "backup.example.com/hold";

    private ForeignFinalizer() {
    }

    /** Puts the finalizer on (or takes it off), again on a conflict: the cluster writes the object too. */
    public static <T extends HasMetadata> void hold(Resource<T> object, boolean hold) {
        for (int attempt = 1; ; attempt++) {
            try {
                object.edit(o -> {
                    List<String> finalizers = new ArrayList<>(o.getMetadata().getFinalizers() == null ? List.of()
                            : o.getMetadata().getFinalizers());
                    finalizers.remove(HOLD);
                    if (hold) {
                        finalizers.add(HOLD);
                    }
                    o.getMetadata().setFinalizers(finalizers);
                    return o;
                });
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }
}
