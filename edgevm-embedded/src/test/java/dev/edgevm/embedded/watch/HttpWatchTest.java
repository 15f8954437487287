package dev.edgevm.embedded.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.FaultKind;
import dev.edgevm.embedded.Waits;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Watches as chunked HTTP responses ({@code ?watch=true} without a WebSocket upgrade): what
 * {@code kubectl get -w} uses and what fabric8's client falls back to when a WebSocket watch fails.
 */
class HttpWatchTest {

  private static final String END = "\u0000end";
  private static final long WAIT_SECONDS = Waits.SECONDS;

  private static EmbeddedEdgeCluster cluster;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    cluster = EmbeddedEdgeCluster.builder().namespace("watched").start();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @AfterEach
  void clearFaults() {
    cluster.faults().clear();
  }

  @Test
  void plainHttpWatch_streamsOneJsonEventPerLine_forTheSelectedObjects() throws Exception {
    Lines lines = watch("api/v1/namespaces/watched/configmaps?watch=1&labelSelector=app%3Dshown");

    create("watched", "hidden", Map.of("app", "other"));
    create("watched", "shown", Map.of("app", "shown"));

    assertThat(lines.response.statusCode()).isEqualTo(200);
    assertThat(lines.response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(lines.response.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
    assertThat(lines.next()).startsWith("{\"type\":\"ADDED\",\"object\":{").contains("\"name\":\"shown\"");
    lines.close();
  }

  @Test
  void fromAResourceVersion_theWatchGetsTheLaterChanges_ofTheNamedObject() throws Exception {
    ConfigMap first = create("watched", "resumed", Map.of());
    client().configMaps().inNamespace("watched").withName("resumed").edit(cm -> {
      cm.getData().put("changed", "yes");
      return cm;
    });

    Lines lines = watch("api/v1/namespaces/watched/configmaps?watch=true&fieldSelector=metadata.name%3Dresumed"
        + "&resourceVersion=" + first.getMetadata().getResourceVersion());

    assertThat(lines.next()).startsWith("{\"type\":\"MODIFIED\"").contains("\"changed\":\"yes\"");
    lines.close();
  }

  @Test
  void timeoutSeconds_endsTheStream_afterABookmarkWhenBookmarksAreAllowed() throws Exception {
    Lines lines = watch("api/v1/namespaces/watched/configmaps?watch=true&timeoutSeconds=1&allowWatchBookmarks=true"
        + "&labelSelector=nothing%3Dmatches");

    String bookmark = lines.next();
    assertThat(bookmark).startsWith("{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\"")
        .containsPattern("\"resourceVersion\":\"[1-9][0-9]*\"");
    assertThat(lines.next()).as("the end of the body").isEqualTo(END);
  }

  @Test
  void injectedWatchGone_isAnErrorEventWith410_thenTheEnd() throws Exception {
    cluster.faults().failNext(1, FaultKind.WATCH_GONE, r -> r.watch() && r.isFor("configmaps"));

    Lines lines = watch("api/v1/namespaces/watched/configmaps?watch=true&resourceVersion=1");

    assertThat(lines.response.statusCode()).isEqualTo(200);
    assertThat(lines.next()).startsWith("{\"type\":\"ERROR\"").contains("\"code\":410").contains("\"reason\":\"Expired\"");
    assertThat(lines.next()).isEqualTo(END);
  }

  @Test
  void expiredWatches_endOpenHttpWatchesWith410() throws Exception {
    // the watch is registered before its response headers are sent
    Lines lines = watch("api/v1/namespaces/watched/secrets?watch=true");

    assertThat(cluster.faults().expireWatches()).isPositive();

    assertThat(lines.next()).startsWith("{\"type\":\"ERROR\"").contains("\"code\":410");
    assertThat(lines.next()).isEqualTo(END);
  }

  @ParameterizedTest
  @EnumSource(value = FaultKind.class, names = {"SERVICE_UNAVAILABLE", "DROPPED_CONNECTION"})
  void fabric8_fallsBackToAnHttpWatch_whenTheWebSocketFails_andSeesTheChanges(FaultKind fault) throws Exception {
    String name = "after-" + fault.name().toLowerCase(Locale.ROOT).replace('_', '-');
    cluster.faults().retryAfterSeconds(0).failNext(1, fault, r -> r.watch() && r.isFor("configmaps"));
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();

    // without retries the failed WebSocket handshake is not repeated: the client turns to an HTTP watch
    try (KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(cluster.config()).withRequestRetryBackoffLimit(0).build()).build()) {
      Watch watch = client.configMaps().inNamespace("watched").withName(name).watch(new Recorder(seen));
      try {
        create("watched", name, Map.of());

        assertThat(seen.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("ADDED " + name);
        assertThat(cluster.faults().injected(fault)).isEqualTo(1);
      } finally {
        watch.close();
      }
    }
  }

  @Test
  void anInformerOnHttpWatchesOnly_seesAdditionsUpdatesAndDeletions() throws Exception {
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    try (KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(cluster.config()).withOnlyHttpWatches(true).build()).build();
        SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace("watched")
            .withLabel("informed", "yes").inform(handler(seen))) {
      informer.start().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);

      create("watched", "informed", Map.of("informed", "yes"));
      assertThat(seen.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("add informed");
      client().configMaps().inNamespace("watched").withName("informed").edit(cm -> {
        cm.getData().put("round", "2");
        return cm;
      });
      assertThat(seen.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("update informed");
      client().configMaps().inNamespace("watched").withName("informed").delete();
      assertThat(seen.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("delete informed");
    }
  }

  private static KubernetesClient client() {
    return cluster.client();
  }

  private static ConfigMap create(String namespace, String name, Map<String, String> labels) {
    return client().configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
        .withLabels(labels).endMetadata().addToData("k", "v").build()).create();
  }

  private static Lines watch(String pathAndQuery) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(cluster.masterUrl() + pathAndQuery))
        .timeout(Duration.ofSeconds(WAIT_SECONDS)).GET().build();
    HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    return new Lines(response);
  }

  private static ResourceEventHandler<ConfigMap> handler(BlockingQueue<String> seen) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap obj) {
        seen.add("add " + obj.getMetadata().getName());
      }

      @Override
      public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
        seen.add("update " + newObj.getMetadata().getName());
      }

      @Override
      public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
        seen.add("delete " + obj.getMetadata().getName());
      }
    };
  }

  /** The lines of a streamed response, read by a thread of their own; {@link #END} once it ends. */
  private static final class Lines {
    private final HttpResponse<InputStream> response;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    Lines(HttpResponse<InputStream> response) {
      this.response = response;
      this.reader = new Thread(this::read, "http-watch-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (Exception closed) {
        // closed by the test, or the connection broke: the end either way
      }
      lines.add(END);
    }

    String next() throws InterruptedException {
      String line = lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(line).as("a line within " + WAIT_SECONDS + " s").isNotNull();
      return line;
    }

    void close() throws Exception {
      response.body().close();
      reader.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    }
  }

  private static final class Recorder implements Watcher<ConfigMap> {
    private final BlockingQueue<String> seen;

    Recorder(BlockingQueue<String> seen) {
      this.seen = seen;
    }

    @Override
    public void eventReceived(Action action, ConfigMap resource) {
      seen.add(action + " " + resource.getMetadata().getName());
    }

    @Override
    public void onClose(WatcherException cause) {
      seen.add("closed " + cause);
    }
  }
}
