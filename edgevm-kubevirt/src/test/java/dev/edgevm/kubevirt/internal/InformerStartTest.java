package dev.edgevm.kubevirt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.edgevm.core.ClusterUnreachableException;
import dev.edgevm.kubevirt.RetryConfig;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An informer whose start hangs (a list that takes too long, or a watch fabric8 lost while opening
 * it) is given up after the start timeout and started afresh, instead of failing the call that needed it.
 */
class InformerStartTest {

    private static final String CLAIMS = "/api/v1/namespaces/default/persistentvolumeclaims";

    private final AtomicInteger lists = new AtomicInteger();
    private final ExecutorService background = Executors.newCachedThreadPool();
    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void startServer() {
        // The first list of claims answers only after 5 s; the later ones at once.
        KubernetesMixedDispatcher dispatcher = new KubernetesMixedDispatcher(new HashMap<>()) {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                MockResponse response = super.dispatch(request);
                boolean list = "GET".equals(request.getMethod()) && request.getPath().startsWith(CLAIMS + "?")
                        && !request.getPath().contains("watch=true");
                if (list && lists.incrementAndGet() == 1) {
                    response.setBodyDelay(Duration.ofSeconds(5));
                }
                return response;
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        client = server.createClient();
        client.persistentVolumeClaims().inNamespace("default").resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("disk").endMetadata().build()).create();
    }

    @AfterEach
    void stopServer() {
        background.shutdownNow();
        client.close();
        server.destroy();
    }

    @Test
    void aStartThatHangs_isGivenUpAndTriedAgain_andTheCallerGetsTheInformer() {
        RetryConfig quick = RetryConfig.builder().backoff(Duration.ofMillis(10), Duration.ofMillis(50)).build();
        SharedInformers informers = new SharedInformers(client, new ClusterCalls(quick), background, Duration.ofSeconds(1));
        try {
            assertThat(informers.cachedList(PersistentVolumeClaim.class, "default"))
                    .extracting(c -> c.getMetadata().getName()).containsExactly("disk");
            assertThat(lists.get()).as("lists of claims: the one that hung, then the one that served").isEqualTo(2);
            assertThat(informers.isWatching(PersistentVolumeClaim.class, "default")).isTrue();
        } finally {
            informers.close();
        }
    }

    @Test
    void aStartNotFinishedInTime_failsAsARetryableNoAnswer_namingTheList() {
        RetryConfig once = RetryConfig.builder().maxAttempts(1).build();
        SharedInformers informers = new SharedInformers(client, new ClusterCalls(once), background, Duration.ofSeconds(1));
        try {
            Throwable failure = catchThrowable(() -> informers.cachedList(PersistentVolumeClaim.class, "default"));
            assertThat(failure).isInstanceOf(ClusterUnreachableException.class)
                    .hasMessageContaining("PersistentVolumeClaim").hasMessageContaining("default")
                    .hasMessageContaining("not started within 1s");
        } finally {
            informers.close();
        }
    }
}
