package dev.edgevm.embedded.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgevm.embedded.ClusterRequest;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.FaultKind;
import dev.edgevm.embedded.Kube;
import dev.edgevm.embedded.Waits;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

  private EmbeddedEdgeCluster cluster;
  private KubernetesClient noRetries;

  @BeforeEach
  void start() {
    cluster = EmbeddedEdgeCluster.builder().seed(7).start();
    noRetries = withoutRetries(cluster);
  }

  @AfterEach
  void stop() {
    noRetries.close();
    cluster.close();
  }

  private static KubernetesClient withoutRetries(EmbeddedEdgeCluster cluster) {
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder(cluster.config())
        .withRequestRetryBackoffLimit(0).build()).build();
  }

  @Test
  void internalError_isA500StatusWithReasonInternalError() {
    cluster.faults().failNext(1, FaultKind.INTERNAL_ERROR, r -> true);

    assertThatThrownBy(() -> noRetries.configMaps().inNamespace("default").list())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(500);
          assertThat(e.getStatus().getReason()).isEqualTo("InternalError");
        });
    assertThat(cluster.faults().injected(FaultKind.INTERNAL_ERROR)).isEqualTo(1);
    assertThat(noRetries.configMaps().inNamespace("default").list().getItems()).isEmpty();
  }

  @Test
  void serviceUnavailableAndTooManyRequests_carryRetryAfter() {
    cluster.faults().retryAfterSeconds(3).failNext(1, FaultKind.SERVICE_UNAVAILABLE, r -> true)
        .failNext(1, FaultKind.TOO_MANY_REQUESTS, r -> true);

    HttpResponse<String> unavailable = Kube.request(noRetries, "GET", "/api/v1/namespaces/default/configmaps", null);
    HttpResponse<String> throttled = Kube.request(noRetries, "GET", "/api/v1/namespaces/default/configmaps", null);

    assertThat(unavailable.code()).isEqualTo(503);
    assertThat(unavailable.header("Retry-After")).isEqualTo("3");
    assertThat(unavailable.body()).contains("\"reason\":\"ServiceUnavailable\"");
    assertThat(throttled.code()).isEqualTo(429);
    assertThat(throttled.header("Retry-After")).isEqualTo("3");
    assertThat(throttled.body()).contains("\"reason\":\"TooManyRequests\"");
  }

  @Test
  void droppedConnection_endsTheRequestWithAnIoError() {
    cluster.faults().failNext(1, FaultKind.DROPPED_CONNECTION, r -> r.isFor("configmaps"));

    assertThatThrownBy(() -> noRetries.configMaps().inNamespace("default").list())
        .isInstanceOf(KubernetesClientException.class)
        .hasCauseInstanceOf(IOException.class);
    assertThat(cluster.faults().injected(FaultKind.DROPPED_CONNECTION)).isEqualTo(1);
  }

  @Test
  void droppedResponse_carriesOutTheWriteButTheClientSeesAnIoError() {
    cluster.faults().failNext(1, FaultKind.DROPPED_RESPONSE, r -> r.isWrite() && r.isFor("configmaps"));

    assertThatThrownBy(() -> noRetries.configMaps().inNamespace("default").resource(configMap("written")).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasCauseInstanceOf(IOException.class);
    assertThat(noRetries.configMaps().inNamespace("default").withName("written").get()).isNotNull();
    assertThatThrownBy(() -> noRetries.configMaps().inNamespace("default").resource(configMap("written")).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  @Test
  void watchGone_closesTheWatchWith410() throws Exception {
    cluster.faults().failNext(1, FaultKind.WATCH_GONE, ClusterRequest::watch);
    CompletableFuture<WatcherException> closed = new CompletableFuture<>();

    noRetries.configMaps().inNamespace("default").watch(new Watcher<ConfigMap>() {
      @Override
      public void eventReceived(Action action, ConfigMap resource) {
      }

      @Override
      public void onClose(WatcherException cause) {
        closed.complete(cause);
      }
    });

    WatcherException cause = closed.get(Waits.SECONDS, TimeUnit.SECONDS);
    assertThat(cause.isHttpGone()).isTrue();
    assertThat(cluster.faults().injected(FaultKind.WATCH_GONE)).isEqualTo(1);
  }

  @Test
  void expireWatches_endsOpenWatchesWith410() throws Exception {
    CompletableFuture<WatcherException> closed = new CompletableFuture<>();
    CompletableFuture<Void> opened = new CompletableFuture<>();
    noRetries.configMaps().inNamespace("default").watch(new Watcher<ConfigMap>() {
      @Override
      public void eventReceived(Action action, ConfigMap resource) {
        opened.complete(null);
      }

      @Override
      public void onClose(WatcherException cause) {
        closed.complete(cause);
      }
    });
    noRetries.configMaps().inNamespace("default").resource(configMap("first")).create();
    opened.get(Waits.SECONDS, TimeUnit.SECONDS);

    // every open watch ends, the cluster client's too if it has one: what matters is ours
    assertThat(cluster.faults().expireWatches()).isPositive();

    assertThat(closed.get(Waits.SECONDS, TimeUnit.SECONDS).isHttpGone()).isTrue();
  }

  /** A watch's events and its end, as its watcher saw them. */
  private static final class SeenWatch implements Watcher<ConfigMap> {
    private final List<String> names = new ArrayList<>();
    final CompletableFuture<WatcherException> closed = new CompletableFuture<>();

    @Override
    public synchronized void eventReceived(Action action, ConfigMap resource) {
      names.add(resource.getMetadata().getName());
      notifyAll();
    }

    @Override
    public synchronized void onClose(WatcherException cause) {
      closed.complete(cause);
      notifyAll();
    }

    synchronized int events() {
      return names.size();
    }

    /** Until the watch saw the object or ended. */
    synchronized void awaitObjectOrEnd(String name) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Waits.SECONDS);
      while (!names.contains(name) && !closed.isDone()) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        assertThat(left).as("the watch saw " + name + " or ended within the wait").isPositive();
        wait(left);
      }
    }
  }

  @Test
  void atARate_establishedWatchesToo_endWith410_afterSomeOfTheirEvents() throws Exception {
    cluster.faults().rate(0.5).kinds(FaultKind.WATCH_GONE).scope(r -> r.watch() && r.isFor("configmaps"));
    int endedWith410 = 0;
    boolean endedAfterEvents = false;
    for (int attempt = 0; attempt < 30 && !endedAfterEvents; attempt++) {
      String namespace = "watched-" + attempt;
      noRetries.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
          .build()).create();
      SeenWatch watch = new SeenWatch();
      noRetries.configMaps().inNamespace(namespace).watch(watch);
      for (int i = 0; i < 12 && !watch.closed.isDone(); i++) {
        noRetries.configMaps().inNamespace(namespace).resource(configMap("cm-" + i)).create();
        watch.awaitObjectOrEnd("cm-" + i);
      }
      if (watch.closed.isDone()) {
        assertThat(watch.closed.get().isHttpGone()).isTrue();
        endedWith410++;
        endedAfterEvents = watch.events() > 0;
      }
    }

    assertThat(endedAfterEvents).as("a watch ended with 410 after receiving events").isTrue();
    assertThat(cluster.faults().injected(FaultKind.WATCH_GONE)).isEqualTo(endedWith410);
  }

  @Test
  void atARate_establishedWatchesLoseTheirConnection_andTheClientResumesWithoutLosingEvents() throws Exception {
    cluster.faults().rate(0.5).kinds(FaultKind.DROPPED_CONNECTION).scope(r -> r.watch() && r.isFor("configmaps"));
    try (KubernetesClient reconnecting = new KubernetesClientBuilder().withConfig(new ConfigBuilder(cluster.config())
        .withWatchReconnectInterval(50).build()).build()) {
      SeenWatch watch = new SeenWatch();
      reconnecting.configMaps().inNamespace("default").watch(watch);

      for (int i = 0; i < 30; i++) {
        noRetries.configMaps().inNamespace("default").resource(configMap("cm-" + i)).create();
        watch.awaitObjectOrEnd("cm-" + i);
      }

      assertThat(watch.closed).isNotDone();
      assertThat(watch.events()).isEqualTo(30);
      assertThat(cluster.faults().injected(FaultKind.DROPPED_CONNECTION)).isPositive();
      assertThat(cluster.requests().count(r -> r.watch() && r.isFor("configmaps"))).isGreaterThan(1);
    }
  }

  @Test
  void theSameSeed_failsTheSameRequests() {
    List<Boolean> first = outcomes(7);
    List<Boolean> again = outcomes(7);
    List<Boolean> otherSeed = outcomes(8);

    assertThat(first).contains(true, false);
    assertThat(again).isEqualTo(first);
    assertThat(otherSeed).isNotEqualTo(first);
  }

  private static List<Boolean> outcomes(long seed) {
    try (EmbeddedEdgeCluster seeded = EmbeddedEdgeCluster.builder().seed(seed)
        .faults(f -> f.rate(0.5).kinds(FaultKind.INTERNAL_ERROR)).start();
        KubernetesClient client = withoutRetries(seeded)) {
      List<Boolean> failed = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        try {
          client.configMaps().inNamespace("default").list();
          failed.add(false);
        } catch (KubernetesClientException e) {
          failed.add(true);
        }
      }
      assertThat(seeded.faults().injected()).isEqualTo(failed.stream().filter(f -> f).count());
      return failed;
    }
  }

  @Test
  void rateScope_leavesOtherRequestsAndTheControllersAlone() {
    cluster.faults().rate(1.0).scope(r -> r.method().equals("GET") && !r.watch() && r.isFor("virtualmachines"));

    Kube.create(noRetries, Kube.VMS, "default", Kube.cirros("unaffected", "Always"));

    Kube.await(noRetries, Kube.VMIS, "default", "unaffected",
        vmi -> vmi != null && "Running".equals(Kube.at(vmi, "status", "phase")));
    assertThatThrownBy(() -> Kube.get(noRetries, Kube.VMS, "default", "unaffected"))
        .isInstanceOf(KubernetesClientException.class);
    cluster.faults().clear();
    assertThat(Kube.at(Kube.get(noRetries, Kube.VMS, "default", "unaffected"), "status", "printableStatus"))
        .isEqualTo("Running");
  }

  @Test
  void theDefaultClient_retriesTransientFaults() {
    cluster.faults().retryAfterSeconds(0).failNext(2, FaultKind.SERVICE_UNAVAILABLE, r -> r.isFor("configmaps"));
    cluster.requests().reset();

    assertThat(cluster.client().configMaps().inNamespace("default").list().getItems()).isEmpty();

    assertThat(cluster.requests().count(r -> r.isFor("configmaps"))).isEqualTo(3);
  }

  @Test
  void accounting_countsClientRequestsOnlyAndResets() {
    cluster.requests().reset();

    noRetries.configMaps().inNamespace("default").resource(configMap("counted")).create();
    noRetries.configMaps().inNamespace("default").withName("counted").get();
    Kube.create(noRetries, Kube.VMS, "default", Kube.cirros("busy", "Always"));
    Kube.await(noRetries, Kube.VMS, "default", "busy", vm -> vm != null && "Running".equals(Kube.at(vm, "status", "printableStatus")));

    assertThat(cluster.requests().count(r -> r.isWrite() && r.isFor("configmaps"))).isEqualTo(1);
    assertThat(cluster.requests().count(r -> r.method().equals("GET") && r.isFor("configmaps") && "counted".equals(r.name())))
        .isEqualTo(1);
    assertThat(cluster.requests().writes()).isEqualTo(2);
    assertThat(cluster.requests().count(r -> r.isFor("pods"))).isZero();
    ClusterRequest create = cluster.requests().list().get(0);
    assertThat(create.method()).isEqualTo("POST");
    assertThat(create.namespace()).isEqualTo("default");
    assertThat(create.group()).isEmpty();
    assertThat(create.version()).isEqualTo("v1");

    cluster.requests().reset();
    assertThat(cluster.requests().count()).isZero();
  }

  private static ConfigMap configMap(String name) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("k", "v").build();
  }
}
