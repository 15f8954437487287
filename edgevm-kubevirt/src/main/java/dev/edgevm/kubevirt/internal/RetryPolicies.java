package dev.edgevm.kubevirt.internal;

import dev.edgevm.core.ClusterException;
import dev.edgevm.core.ClusterUnreachableException;
import dev.edgevm.core.ConflictException;
import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.OperationFailedException;
import dev.edgevm.kubevirt.RetryConfig;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every retry the SDK makes, as Failsafe policies built once from one {@link RetryConfig}: a
 * request that failed in a transient way, an update that met a concurrent change (409), an undo
 * whose requests ran out of retries. Each is bounded by the configuration's attempts and overall
 * deadline.
 */
public final class RetryPolicies {

    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicies.class);
    /** Undos are idempotent; one whose requests ran out of retries on a busy cluster is worth running again, twice. */
    private static final int UNDO_RUNS = 3;

    private final RetryConfig config;
    private final Backoff backoff;
    private final FailsafeExecutor<Object> requests;
    private final FailsafeExecutor<Object> conflicts;
    private final FailsafeExecutor<Object> undos;

    public RetryPolicies(RetryConfig config) {
        this(config, () -> ThreadLocalRandom.current().nextDouble());
    }

    RetryPolicies(RetryConfig config, DoubleSupplier random) {
        this.config = config;
        this.backoff = new Backoff(config, random);
        // Each delay is decided by Backoff when the attempt fails, so Failsafe adds no jitter of its own.
        this.requests = Failsafe.with(RetryPolicy.builder()
                .handle(Retry.class)
                .withDelayFnOn(ctx -> ((Retry) ctx.getLastException()).delay, Retry.class)
                .withMaxAttempts(config.maxAttempts())
                .onRetry(e -> LOG.debug("retrying after: {}", e.getLastException().getCause().getMessage()))
                .build());
        this.conflicts = Failsafe.with(RetryPolicy.builder()
                .handleIf(e -> e instanceof ConflictException c && !c.alreadyExists())
                .withBackoff(config.initialDelay(), config.maxDelay())
                .withJitter(config.jitter())
                .withMaxAttempts(config.maxAttempts())
                .withMaxDuration(config.maxDuration())
                .build());
        this.undos = Failsafe.with(RetryPolicy.builder()
                .handleIf(RetryPolicies::undoWorthRerunning)
                .withBackoff(config.initialDelay(), config.maxDelay())
                .withJitter(config.jitter())
                .withMaxAttempts(UNDO_RUNS)
                .withMaxDuration(config.maxDuration())
                .onRetry(e -> LOG.warn("an undo failed, running it again: {}", e.getLastException().getMessage()))
                .build());
    }

    public RetryConfig config() {
        return config;
    }

    /** Runs one request; a retryable {@link EdgeVmException} from it is tried again as {@link Backoff} says. */
    public <T> T request(Supplier<T> attempt) {
        try {
            return requests.get(ctx -> {
                try {
                    return attempt.get();
                } catch (EdgeVmException e) {
                    if (!e.retryable()) {
                        throw e;
                    }
                    Duration left = config.maxDuration().minus(ctx.getElapsedTime());
                    Optional<Duration> delay = backoff.after(ctx.getAttemptCount() + 1, e, left);
                    throw delay.<RuntimeException>map(d -> new Retry(e, d)).orElse(e);
                }
            });
        } catch (Retry out) {
            throw out.failure;
        }
    }

    /** Runs read-change-write again (from the read) while the write meets a concurrent change. */
    public <T> T onConflict(Supplier<T> readChangeWrite) {
        return conflicts.get(readChangeWrite::get);
    }

    /** Runs an undo again if its requests ran out of retries; the last failure leaves. */
    public void undo(Runnable undo) {
        undos.run(undo::run);
    }

    /**
     * An undo that failed in a transient way; also one that is an operation of its own (a volume
     * release) and stopped part-way for such a reason: it left what it could not undo, and running
     * it again picks up there.
     */
    private static boolean undoWorthRerunning(Throwable e) {
        return isTransient(e instanceof OperationFailedException partial ? partial.getCause() : e);
    }

    private static boolean isTransient(Throwable e) {
        return e instanceof ClusterUnreachableException || e instanceof ClusterException failure && failure.retryable();
    }

    /** A failure to try again after {@code delay}; never leaves this class. */
    private static final class Retry extends RuntimeException {
        private final EdgeVmException failure;
        private final Duration delay;

        Retry(EdgeVmException failure, Duration delay) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
            this.delay = delay;
        }
    }
}
