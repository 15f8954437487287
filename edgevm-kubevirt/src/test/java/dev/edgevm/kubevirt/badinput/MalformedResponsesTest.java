package dev.edgevm.kubevirt.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.edgevm.core.ClusterException;
import dev.edgevm.core.ClusterUnreachableException;
import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.NotFoundException;
import dev.edgevm.core.WaitTimeoutException;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.RetryConfig;
import dev.edgevm.kubevirt.VmCondition;
import dev.edgevm.kubevirt.VmResource;
import dev.edgevm.kubevirt.VmStatus;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.VirtualMachineInstance;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the SDK makes of answers a real cluster should never give, but a broken one (or a newer
 * KubeVirt) can: objects without status, values no KubeVirt release we know uses, JSON cut short.
 * They are read as far as they go, or fail with one of the SDK's exceptions naming what was
 * malformed; never a NullPointerException or a bare parser exception.
 *
 * <p>The server keeps what is created (CRUD), except for the paths a test sets an answer for, and
 * the VM watches a test breaks ({@link WatchBreaker}).
 */
class MalformedResponsesTest {

    private static final String VMS = "/apis/kubevirt.io/v1/namespaces/default/virtualmachines";
    private static final String VMIS = "/apis/kubevirt.io/v1/namespaces/default/virtualmachineinstances";
    /** Retries are for transient failures; a malformed answer must not be retried for long. */
    private static final RetryConfig QUICK = RetryConfig.builder().maxAttempts(3)
            .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();

    private KubernetesMockServer server;
    private KubernetesClient client;
    private EdgeVm edge;

    private WatchBreaker watches;

    @BeforeEach
    void startServer() {
        Map<ServerRequest, Queue<ServerResponse>> answers = new HashMap<>();
        KubernetesMixedDispatcher dispatcher = watches = new WatchBreaker(answers);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), answers, dispatcher, false);
        server.init();
        server.expectCustomResource(CustomResourceDefinitionContext.fromCustomResourceType(VirtualMachine.class));
        server.expectCustomResource(CustomResourceDefinitionContext.fromCustomResourceType(VirtualMachineInstance.class));
        client = server.createClient();
        edge = EdgeVm.using(client, QUICK);
    }

    @AfterEach
    void stopServer() {
        edge.close();
        client.close();
        try {
            server.destroy();
        } catch (IllegalStateException stillOpen) {
            // fabric8's client leaves a watch whose event it could not read (an ERROR event whose
            // Status is malformed included) without answering the server's close of it, now and
            // then; the mock server then gives up waiting for that one connection.
            if (!watches.servedBroken()) {
                throw stillOpen;
            }
        }
    }

    private void answer(String path, String body) {
        server.expect().get().withPath(path).andReturn(200, body).always();
    }

    private static String vm(String name, String status) {
        return "{\"apiVersion\":\"kubevirt.io/v1\",\"kind\":\"VirtualMachine\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"default\"},\"spec\":{\"runStrategy\":\"Always\",\"template\":{\"spec\":{}}}"
                + (status == null ? "" : ",\"status\":" + status) + "}";
    }

    private static String vmi(String name, String status) {
        return "{\"apiVersion\":\"kubevirt.io/v1\",\"kind\":\"VirtualMachineInstance\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"default\"},\"spec\":{}" + (status == null ? "" : ",\"status\":" + status) + "}";
    }

    private VmResource vmNamed(String name) {
        return edge.vms().inNamespace("default").withName(name);
    }

    // ---- missing status: not yet reported

    @Test
    void aVmWithoutStatus_hasNotReportedOneYet() {
        answer(VMS + "/fresh", vm("fresh", null));

        VmStatus status = vmNamed("fresh").require();

        assertThat(status.exists()).isTrue();
        assertThat(status.printableStatus()).isEmpty();
        assertThat(status.ready()).isFalse();
        assertThat(status.phase()).isEmpty();
        assertThat(status.toString()).isEqualTo("no status yet");
        assertThat(vmNamed("fresh").ipAddress()).isEmpty();
    }

    @Test
    void partlyFilledStatuses_areReadAsFarAsTheyGo() {
        answer(VMS + "/partial", vm("partial", "{\"conditions\":[{},{\"type\":\"Ready\"}]}"));
        answer(VMIS + "/partial", vmi("partial", "{\"interfaces\":[{},{\"name\":\"default\"}],\"conditions\":[{\"status\":\"True\"}]}"));

        VmStatus status = vmNamed("partial").require();

        assertThat(status.printableStatus()).isEmpty();
        assertThat(status.phase()).isEmpty();
        assertThat(status.conditions()).hasSize(3);
        assertThat(status.condition("Ready")).map(VmCondition::isTrue).contains(false);
        assertThat(status.interfaces()).hasSize(2);
        assertThat(status.ipAddress()).isEmpty();
        assertThat(status.toString()).isEqualTo("no status yet");
        assertThat(vmNamed("partial").ipAddress()).isEmpty();
    }

    @Test
    void nullEntriesInStatusLists_areSkipped() {
        answer(VMS + "/holes", vm("holes", "{\"printableStatus\":\"Running\",\"conditions\":[null]}"));
        answer(VMIS + "/holes", vmi("holes",
                "{\"phase\":\"Running\",\"conditions\":[null],\"interfaces\":[null,{\"name\":\"default\",\"ipAddress\":\"10.244.0.7\"}]}"));

        VmStatus status = vmNamed("holes").require();

        assertThat(status.conditions()).isEmpty();
        assertThat(status.interfaces()).hasSize(1);
        assertThat(status.ipAddress()).contains("10.244.0.7");
        assertThat(vmNamed("holes").ipAddress()).contains("10.244.0.7");
    }

    // ---- values KubeVirt does not use (yet): passed on as they came

    @Test
    void unknownStatusPhaseAndConditionType_areShownAsTheClusterSaysThem() {
        answer(VMS + "/odd", vm("odd", "{\"printableStatus\":\"Frobnicating\","
                + "\"conditions\":[{\"type\":\"Frobnicated\",\"status\":\"Maybe\",\"message\":\"half way\"}]}"));
        answer(VMIS + "/odd", vmi("odd", "{\"phase\":\"Transmogrifying\",\"nodeName\":\"node01\"}"));

        VmStatus status = vmNamed("odd").require();

        assertThat(status.printableStatus()).isEqualTo("Frobnicating");
        assertThat(status.phase()).contains("Transmogrifying");
        assertThat(status.condition("Frobnicated")).hasValueSatisfying(c -> {
            assertThat(c.status()).isEqualTo("Maybe");
            assertThat(c.isTrue()).isFalse();
        });
        assertThat(status.toString()).contains("Frobnicating").contains("Transmogrifying").contains("Frobnicated: half way");
    }

    @Test
    void aWait_onAnUnknownStatus_timesOutNamingIt() {
        // Stored, not answered by an expectation: the wait reads it through a list and a watch.
        client.resources(VirtualMachine.class).inNamespace("default")
                .resource(Serialization.unmarshal(vm("odd", "{\"printableStatus\":\"Frobnicating\"}"), VirtualMachine.class)).create();

        Throwable failure = catchThrowable(() -> vmNamed("odd").await().running(Duration.ofMillis(500)));

        assertThat(failure).isInstanceOf(WaitTimeoutException.class).hasMessageContaining("Frobnicating");
    }

    // ---- a value of the wrong type: the object cannot be read

    @Test
    void aFieldOfTheWrongType_isReportedAsAnUnreadableAnswer() {
        answer(VMS + "/typo", vm("typo", "{\"printableStatus\":\"Running\",\"ready\":\"yes\"}"));

        assertMalformedAnswerReported(catchThrowable(() -> vmNamed("typo").require()), "VirtualMachine default/typo");
    }

    // ---- JSON cut short

    @Test
    void aTruncatedVm_failsEveryReadWithTheSdksException() {
        String truncated = vm("cut", "{\"printableStatus\":\"Running\"}").substring(0, 90);
        answer(VMS + "/cut", truncated);

        for (Runnable read : new Runnable[] {() -> vmNamed("cut").find(), () -> vmNamed("cut").require(), () -> vmNamed("cut").exists()}) {
            Throwable failure = catchThrowable(read::run);
            assertMalformedAnswerReported(failure, "VirtualMachine default/cut");
        }
    }

    @Test
    void aTruncatedInstance_failsTheAddressLookup() {
        answer(VMIS + "/cut", vmi("cut", "{\"phase\":\"Running\"}").substring(0, 70));

        assertMalformedAnswerReported(catchThrowable(() -> vmNamed("cut").ipAddress()), "VirtualMachineInstance default/cut");
    }

    @Test
    void aTruncatedList_failsTheListing() {
        answer(VMS, "{\"apiVersion\":\"kubevirt.io/v1\",\"kind\":\"VirtualMachineList\",\"items\":[" + vm("a", null).substring(0, 40));

        assertMalformedAnswerReported(catchThrowable(() -> edge.vms().inNamespace("default").list()), "VirtualMachine in namespace default");
    }

    @Test
    void aListedItemWithoutAName_isSkipped_andTheOthersAreListed() {
        answer(VMS, "{\"apiVersion\":\"kubevirt.io/v1\",\"kind\":\"VirtualMachineList\",\"items\":["
                + "{\"apiVersion\":\"kubevirt.io/v1\",\"kind\":\"VirtualMachine\",\"spec\":{}}," + vm("named", null) + "]}");
        answer(VMIS, "{\"apiVersion\":\"kubevirt.io/v1\",\"kind\":\"VirtualMachineInstanceList\",\"items\":["
                + "{\"apiVersion\":\"kubevirt.io/v1\",\"kind\":\"VirtualMachineInstance\",\"metadata\":{}}]}");

        assertThat(edge.vms().inNamespace("default").list()).extracting(VmStatus::name).containsExactly("named");
    }

    // ---- errors whose Status body is not one

    private void answerError(String path, int code, String body) {
        server.expect().get().withPath(path).andReturn(code, body).always();
    }

    @Test
    void aServerErrorWithoutAStatusBody_isTheClustersErrorWithItsCode() {
        answerError(VMS + "/broken", 500, "<html><body>upstream connect error</body></html>");

        Throwable failure = catchThrowable(() -> vmNamed("broken").require());

        assertThat(failure).isInstanceOf(ClusterException.class).hasMessageContaining("VirtualMachine default/broken").hasMessageContaining("500");
        assertThat(((ClusterException) failure).code()).isEqualTo(500);
    }

    @Test
    void aNotFoundWithATruncatedStatus_isStillNotFound() {
        answerError(VMS + "/gone", 404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"code\":40");

        assertThat(vmNamed("gone").find()).isEmpty();
        assertThat(catchThrowable(() -> vmNamed("gone").require())).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("VirtualMachine default/gone");
    }

    @Test
    void aForbiddenWithAStatusOfMistypedFields_isRefusedAtOnce_withItsCode() {
        answerError(VMS + "/secret", 403, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"code\":\"forbidden\",\"details\":[1,2]}");

        Throwable failure = catchThrowable(() -> vmNamed("secret").require());

        assertThat(failure).isInstanceOf(ClusterException.class).hasMessageContaining("VirtualMachine default/secret").hasMessageContaining("403");
        assertThat(((ClusterException) failure).retryable()).isFalse();
    }

    // ---- a watch ended by an ERROR event whose Status cannot be read: the informer watches again

    @Test
    void aWait_survivesAWatchErrorWithAMalformedStatus_andSeesTheStateThatFollows() throws Exception {
        client.resources(VirtualMachine.class).inNamespace("default")
                .resource(Serialization.unmarshal(vm("w", "{\"printableStatus\":\"Starting\"}"), VirtualMachine.class)).create();
        client.resources(VirtualMachineInstance.class).inNamespace("default")
                .resource(Serialization.unmarshal(vmi("w", "{\"phase\":\"Running\"}"), VirtualMachineInstance.class)).create();
        // The first VM watch the wait opens gets this, then the server's own watch answers.
        watches.breakNext(VMS, List.of("{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"code\":\"gone\",\"details\":[]}}"));

        CompletableFuture<VmStatus> running = CompletableFuture.supplyAsync(() -> vmNamed("w").await().running(Duration.ofSeconds(60)).value());
        assertThat(watches.awaitBroken(Duration.ofSeconds(60))).as("the broken watches were all served").isTrue();
        client.resources(VirtualMachine.class).inNamespace("default").withName("w")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"printableStatus\":\"Running\"}}");

        assertThat(running.get(90, TimeUnit.SECONDS).printableStatus()).isEqualTo("Running");
    }

    // ---- watch events that cannot be read at all: the informer lists and watches again instead of stopping

    @Test
    void aWait_survivesWatchEventsItCannotRead_andSeesTheStateThatFollows() throws Exception {
        client.resources(VirtualMachine.class).inNamespace("default")
                .resource(Serialization.unmarshal(vm("u", "{\"printableStatus\":\"Starting\"}"), VirtualMachine.class)).create();
        client.resources(VirtualMachineInstance.class).inNamespace("default")
                .resource(Serialization.unmarshal(vmi("u", "{\"phase\":\"Running\"}"), VirtualMachineInstance.class)).create();
        // Each of the next three VM watches brings one event fabric8 cannot read: cut-off JSON, an
        // unknown event type, a line that is not JSON. fabric8 stops an informer for good on each.
        watches.breakNext(VMS, List.of(
                "{\"type\":\"MODIFIED\",\"object\":{\"apiVersion\":\"kubevirt.io/v1\",\"kind\":\"VirtualMachine\",\"metadata\":{\"na",
                "{\"type\":\"SHUFFLED\",\"object\":{}}",
                "this is not JSON"));

        CompletableFuture<VmStatus> running = CompletableFuture.supplyAsync(() -> vmNamed("u").await().running(Duration.ofSeconds(90)).value());
        assertThat(watches.awaitBroken(Duration.ofSeconds(60))).as("the unreadable events were all served").isTrue();
        client.resources(VirtualMachine.class).inNamespace("default").withName("u")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"printableStatus\":\"Running\"}}");

        assertThat(running.get(120, TimeUnit.SECONDS).printableStatus()).isEqualTo("Running");
        // Not by reading the VM again and again: the informer itself watches again after each.
        assertThat(watches.awaitWatchesOf(VMS, 4, Duration.ofSeconds(60))).as("a new watch after the unreadable events").isTrue();
    }

    /**
     * Answers the next watches of a path with one message each, over the WebSocket the client
     * asked for, then closes them; later watches go to the CRUD server as usual.
     */
    private static final class WatchBreaker extends KubernetesMixedDispatcher {

        private final Queue<String> messages = new ConcurrentLinkedQueue<>();
        private volatile String path;
        private final Map<String, Integer> watchesAsked = new java.util.HashMap<>();
        private volatile CountDownLatch served = new CountDownLatch(0);
        private volatile boolean brokenServed;

        WatchBreaker(Map<ServerRequest, Queue<ServerResponse>> answers) {
            super(answers);
        }

        void breakNext(String path, List<String> messages) {
            this.path = path;
            this.served = new CountDownLatch(messages.size());
            this.messages.addAll(messages);
        }

        /** Whether {@code count} watches of the path have been asked for, broken ones included. */
        boolean awaitWatchesOf(String path, int count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (watchesAsked) {
                while (watchesAsked.getOrDefault(path, 0) < count) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        return false;
                    }
                    watchesAsked.wait(left);
                }
                return true;
            }
        }

        /** Whether a watch of the path was given one of the broken messages. */
        boolean servedBroken() {
            return brokenServed;
        }

        boolean awaitBroken(Duration timeout) throws InterruptedException {
            return served.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            if (request.getPath().contains("watch=true")) {
                synchronized (watchesAsked) {
                    watchesAsked.merge(request.getPath().substring(0, request.getPath().indexOf('?')), 1, Integer::sum);
                    watchesAsked.notifyAll();
                }
            }
            String broken = path != null && request.getPath().startsWith(path + "?") && request.getPath().contains("watch=true")
                    ? messages.poll() : null;
            if (broken == null) {
                return super.dispatch(request);
            }
            return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
                @Override
                public void onOpen(WebSocket socket, Response response) {
                    socket.send(broken);
                    brokenServed = true;
                    socket.close(1000, "");
                    served.countDown();
                }
            });
        }
    }

    /** One of the SDK's exceptions, saying the answer (not the connection) was the problem, and not retried. */
    private static void assertMalformedAnswerReported(Throwable failure, String object) {
        assertThat(failure).as("what the call threw").isInstanceOf(EdgeVmException.class).isNotInstanceOf(ClusterUnreachableException.class)
                .hasMessageContaining(object + " failed: the cluster's answer cannot be read (");
        assertThat(((EdgeVmException) failure).retryable()).isFalse();
    }
}
