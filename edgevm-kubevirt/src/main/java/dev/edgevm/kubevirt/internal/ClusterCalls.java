package dev.edgevm.kubevirt.internal;

import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.RetryConfig;
import java.util.function.Supplier;

/**
 * Every request the SDK makes goes through here: the call runs under the transient-failure retry
 * policy, and whatever still fails leaves as one of the SDK's exceptions.
 */
public final class ClusterCalls {

    private final RetryPolicies policies;

    public ClusterCalls(RetryConfig config) {
        this.policies = new RetryPolicies(config);
    }

    public RetryConfig config() {
        return policies.config();
    }

    /** The retry policies of this client, for what is retried beyond a single request (conflicts, undos). */
    public RetryPolicies policies() {
        return policies;
    }

    /** Runs {@code request} (one API call) with retries, translating failures; {@code action} names it in messages. */
    public <T> T call(String action, ObjectRef object, Supplier<T> request) {
        return policies.request(() -> {
            try {
                return request.get();
            } catch (RuntimeException e) {
                throw Errors.translate(e, action, object);
            }
        });
    }

    /** Like {@link #call} for a request with no result. */
    public void run(String action, ObjectRef object, Runnable request) {
        call(action, object, () -> {
            request.run();
            return null;
        });
    }
}
