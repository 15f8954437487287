package dev.edgevm.kubevirt;

import java.time.Duration;
import java.util.Objects;

/**
 * How the SDK retries what is transient: 5xx and 429 answers, dropped connections, and watches
 * closed with 410 Gone; an update that meets a concurrent change (409) is read again and
 * re-applied; an undo of a failed operation whose requests ran out of retries is run again. Caller
 * errors (400, 403, 404 on a named object, 422) are never retried. Backoff is exponential with
 * jitter, bounded by {@link #maxAttempts()} and the overall deadline {@link #maxDuration()}. The
 * server's Retry-After is a minimum: jitter only lengthens it, and a retry it would push past the
 * deadline is not made.
 */
public final class RetryConfig {

    private static final RetryConfig DEFAULTS = builder().build();

    private final int maxAttempts;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final double jitter;
    private final Duration maxDuration;

    private RetryConfig(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialDelay = b.initialDelay;
        this.maxDelay = b.maxDelay;
        this.jitter = b.jitter;
        this.maxDuration = b.maxDuration;
    }

    /** 8 attempts, 100 ms doubling to 5 s, 25% jitter, at most 2 minutes in all. */
    public static RetryConfig defaults() {
        return DEFAULTS;
    }

    /** One attempt, no retries: every failure surfaces at once. */
    public static RetryConfig none() {
        return builder().maxAttempts(1).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration initialDelay() {
        return initialDelay;
    }

    public Duration maxDelay() {
        return maxDelay;
    }

    public double jitter() {
        return jitter;
    }

    public Duration maxDuration() {
        return maxDuration;
    }

    @Override
    public String toString() {
        return "RetryConfig{maxAttempts=" + maxAttempts + ", delay=" + initialDelay + ".." + maxDelay
                + ", jitter=" + jitter + ", maxDuration=" + maxDuration + "}";
    }

    /** Each setter checks its argument at once. */
    public static final class Builder {
        private int maxAttempts = 8;
        private Duration initialDelay = Duration.ofMillis(100);
        private Duration maxDelay = Duration.ofSeconds(5);
        private double jitter = 0.25;
        private Duration maxDuration = Duration.ofMinutes(2);

        private Builder() {}

        /** @throws IllegalArgumentException if {@code attempts} is less than 1 */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, was " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** @throws IllegalArgumentException if the delays are not positive or {@code initial > max} */
        public Builder backoff(Duration initial, Duration max) {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("backoff needs 0 < initial <= max, was " + initial + ".." + max);
            }
            this.initialDelay = initial;
            this.maxDelay = max;
            return this;
        }

        /** @throws IllegalArgumentException unless {@code 0 <= factor < 1} */
        public Builder jitter(double factor) {
            if (factor < 0 || factor >= 1) {
                throw new IllegalArgumentException("jitter must be in [0, 1), was " + factor);
            }
            this.jitter = factor;
            return this;
        }

        /** @throws IllegalArgumentException if {@code deadline} is not positive */
        public Builder maxDuration(Duration deadline) {
            Objects.requireNonNull(deadline, "deadline");
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("maxDuration must be positive, was " + deadline);
            }
            this.maxDuration = deadline;
            return this;
        }

        public RetryConfig build() {
            return new RetryConfig(this);
        }
    }
}
