package dev.edgevm.kubevirt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.core.ClusterException;
import dev.edgevm.core.ClusterUnreachableException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.RetryConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final RetryConfig CONFIG = RetryConfig.builder().backoff(Duration.ofMillis(100), Duration.ofSeconds(5)).jitter(0.25).build();
    private static final Duration PLENTY = Duration.ofMinutes(2);

    private static ClusterException tooManyRequests(Duration retryAfter) {
        return new ClusterException("list failed (HTTP 429)", 429, "TooManyRequests", ObjectRef.of("VirtualMachine", "default", null),
                retryAfter, null);
    }

    private static Backoff withRandom(double r) {
        return new Backoff(CONFIG, () -> r);
    }

    @Test
    void retryAfter_isAMinimum_jitterOnlyLengthensIt() {
        ClusterException slowDown = tooManyRequests(Duration.ofSeconds(2));

        assertThat(withRandom(0.0).after(1, slowDown, PLENTY)).contains(Duration.ofSeconds(2));
        assertThat(withRandom(0.5).after(1, slowDown, PLENTY)).contains(Duration.ofMillis(2250));
        assertThat(withRandom(0.999).after(5, slowDown, PLENTY).orElseThrow()).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2500));
    }

    @Test
    void retryAfter_thatDoesNotFitBeforeTheDeadline_meansNoRetry() {
        assertThat(withRandom(0.0).after(1, tooManyRequests(Duration.ofSeconds(2)), Duration.ofSeconds(1))).isEmpty();
        // Jitter is cut at the deadline, never below what the server asked for.
        assertThat(withRandom(0.999).after(1, tooManyRequests(Duration.ofSeconds(2)), Duration.ofMillis(2100))).contains(Duration.ofMillis(2100));
    }

    @Test
    void withoutRetryAfter_theDelayDoublesUpToTheMaximum_withJitterBothWays() {
        ClusterUnreachableException dropped = new ClusterUnreachableException("get: no answer", null);

        assertThat(withRandom(0.5).after(1, dropped, PLENTY)).contains(Duration.ofMillis(100));
        assertThat(withRandom(0.5).after(3, dropped, PLENTY)).contains(Duration.ofMillis(400));
        assertThat(withRandom(0.5).after(20, dropped, PLENTY)).contains(Duration.ofSeconds(5));
        assertThat(withRandom(0.0).after(3, dropped, PLENTY)).contains(Duration.ofMillis(300));
        assertThat(withRandom(1.0).after(3, dropped, PLENTY)).contains(Duration.ofMillis(500));
        // One last try at the deadline.
        assertThat(withRandom(0.5).after(3, dropped, Duration.ofMillis(50))).contains(Duration.ofMillis(50));
        assertThat(withRandom(0.5).after(3, dropped, Duration.ZERO)).isEmpty();
    }
}
