package dev.edgevm.kubevirt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.ClusterException;
import dev.edgevm.core.ClusterUnreachableException;
import dev.edgevm.core.NotFoundException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.RetryConfig;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClusterCallsTest {

    private static final ObjectRef VM = ObjectRef.of("VirtualMachine", "default", "cirros");
    private final ClusterCalls calls = new ClusterCalls(RetryConfig.builder().maxAttempts(4)
            .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build());

    private static KubernetesClientException answer(int code, String reason) {
        Status status = new StatusBuilder().withCode(code).withReason(reason).withMessage("server says " + reason).build();
        return new KubernetesClientException("failure", code, status);
    }

    @Test
    void transientAnswers_areRetriedUntilTheCallSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        String result = calls.call("get", VM, () -> {
            int n = attempts.incrementAndGet();
            if (n == 1) {
                throw answer(503, "ServiceUnavailable");
            }
            if (n == 2) {
                throw answer(429, "TooManyRequests");
            }
            if (n == 3) {
                throw new KubernetesClientException("connection reset", new IOException("connection reset"));
            }
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        assertThat(attempts).hasValue(4);
    }

    @Test
    void callerErrors_failAtOnce_withTheServersWords() {
        AtomicInteger attempts = new AtomicInteger();
        NotFoundException e = catchThrowableOfType(NotFoundException.class, () -> calls.call("get", VM, () -> {
            attempts.incrementAndGet();
            throw answer(404, "NotFound");
        }));
        assertThat(attempts).hasValue(1);
        assertThat(e.object()).contains(VM);
        assertThat(e.getMessage()).contains("server says NotFound");
        assertThat(e.statusMessage()).contains("server says NotFound");

        ClusterException invalid = catchThrowableOfType(ClusterException.class, () -> calls.call("create", VM, () -> {
            attempts.incrementAndGet();
            throw answer(422, "Invalid");
        }));
        assertThat(invalid.code()).isEqualTo(422);
        assertThat(invalid.retryable()).isFalse();
        assertThat(attempts).hasValue(2);
    }

    @Test
    void persistentOutage_givesUpAfterMaxAttempts_asUnreachable() {
        AtomicInteger attempts = new AtomicInteger();
        ClusterUnreachableException e = catchThrowableOfType(ClusterUnreachableException.class, () -> calls.call("get", VM, () -> {
            attempts.incrementAndGet();
            throw new KubernetesClientException("refused", new IOException("connection refused"));
        }));
        assertThat(attempts).hasValue(4);
        assertThat(e.retryable()).isTrue();
    }

    private static KubernetesClientException slowDown(int seconds) {
        Status status = new StatusBuilder().withCode(429).withReason("TooManyRequests").withMessage("Too many requests")
                .withNewDetails().withRetryAfterSeconds(seconds).endDetails().build();
        return new KubernetesClientException("slow down", 429, status);
    }

    @Test
    void retryAfter_theRetryIsNotSentBeforeTheServerAsked() {
        List<Long> sentAt = new CopyOnWriteArrayList<>();
        ClusterCalls jittery = new ClusterCalls(RetryConfig.builder().maxAttempts(3).backoff(Duration.ofMillis(1), Duration.ofMillis(5))
                .jitter(0.9).build());

        String result = jittery.call("list", VM, () -> {
            sentAt.add(System.nanoTime());
            if (sentAt.size() == 1) {
                throw slowDown(1);
            }
            return "ok";
        });

        assertThat(result).isEqualTo("ok");
        assertThat(Duration.ofNanos(sentAt.get(1) - sentAt.get(0))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void retryAfter_beyondTheDeadline_isNotTriedEarly_theAnswerSurfaces() {
        AtomicInteger attempts = new AtomicInteger();
        ClusterCalls hurried = new ClusterCalls(RetryConfig.builder().maxDuration(Duration.ofMillis(500)).build());

        ClusterException e = catchThrowableOfType(ClusterException.class, () -> hurried.call("list", VM, () -> {
            attempts.incrementAndGet();
            throw slowDown(1);
        }));

        assertThat(attempts).hasValue(1);
        assertThat(e.code()).isEqualTo(429);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
    }

    @Test
    void retryAfter_fromTheStatus_isHonoured() {
        Status status = new StatusBuilder().withCode(429).withReason("TooManyRequests").withNewDetails().withRetryAfterSeconds(1).endDetails().build();
        ClusterException e = (ClusterException) Errors.translate(new KubernetesClientException("slow down", 429, status), "list", VM);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
    }
}
