package dev.edgevm.kubevirt.internal;

import dev.edgevm.core.ClusterException;
import dev.edgevm.kubevirt.RetryConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before trying a failed request again. The server's Retry-After is a minimum:
 * jitter only ever lengthens it, and when it does not fit before the deadline the request is not
 * tried again (trying earlier is what the server asked not to do). Otherwise the delay grows
 * exponentially with jitter either way, and is cut short at the deadline for one last try.
 */
final class Backoff {

    private final RetryConfig config;
    private final DoubleSupplier random;

    Backoff(RetryConfig config, DoubleSupplier random) {
        this.config = config;
        this.random = random;
    }

    /**
     * The delay after the {@code failed}-th failed attempt (1 for the first), with {@code left}
     * until the deadline; empty when no retry may be sent.
     */
    Optional<Duration> after(int failed, Throwable failure, Duration left) {
        Optional<Duration> retryAfter = failure instanceof ClusterException c ? c.retryAfter() : Optional.empty();
        if (retryAfter.isPresent()) {
            Duration minimum = retryAfter.get();
            if (minimum.compareTo(left) > 0) {
                return Optional.empty();
            }
            Duration later = minimum.plus(scaled(minimum, config.jitter() * random.getAsDouble()));
            return Optional.of(later.compareTo(left) > 0 ? left : later);
        }
        if (left.isNegative() || left.isZero()) {
            return Optional.empty();
        }
        Duration base = exponential(failed);
        Duration jittered = base.plus(scaled(base, config.jitter() * (2 * random.getAsDouble() - 1)));
        return Optional.of(jittered.compareTo(left) > 0 ? left : jittered);
    }

    private Duration exponential(int failed) {
        Duration delay = config.initialDelay();
        for (int i = 1; i < failed && delay.compareTo(config.maxDelay()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(config.maxDelay()) > 0 ? config.maxDelay() : delay;
    }

    private static Duration scaled(Duration d, double factor) {
        return Duration.ofNanos((long) (d.toNanos() * factor));
    }
}
