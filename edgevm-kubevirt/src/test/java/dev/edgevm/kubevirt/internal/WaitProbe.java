package dev.edgevm.kubevirt.internal;

import dev.edgevm.kubevirt.EdgeVm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;

/** Tells a test what a client's waits are doing, which the API does not say: whether a wait has subscribed yet. */
public final class WaitProbe {

    private WaitProbe() {}

    /** Waits (polling a flag, at most {@code within}) until a wait of {@code edge} listens to changes of the named object. */
    public static boolean awaitSubscribed(EdgeVm edge, Class<? extends HasMetadata> type, String namespace, String name, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!((DefaultEdgeVm) edge).informers().hasListeners(type, namespace, name)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
