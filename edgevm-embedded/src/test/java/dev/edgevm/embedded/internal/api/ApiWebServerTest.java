package dev.edgevm.embedded.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.Waits;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApiWebServerTest {

  private final ApiWebServer server = new ApiWebServer();
  private final List<String> dispatchedOn = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    server.shutdown();
  }

  @Test
  void requestsAreServedOffTheEventLoop_soASlowOneHoldsUpNoOther() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        dispatchedOn.add(Thread.currentThread().getName());
        if (request.getPath().startsWith("/slow")) {
          try {
            release.await(Waits.SECONDS, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return new MockResponse().setResponseCode(200).setBody(request.getPath());
      }
    });
    server.start(InetAddress.getLoopbackAddress(), 0);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(Waits.SECONDS)).build();
    URI base = URI.create("http://127.0.0.1:" + server.getPort());

    var slow = http.sendAsync(HttpRequest.newBuilder(base.resolve("/slow")).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> fast = http.send(HttpRequest.newBuilder(base.resolve("/fast")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(fast.body()).isEqualTo("/fast");
    assertThat(slow).isNotDone();
    release.countDown();
    assertThat(slow.get(Waits.SECONDS, TimeUnit.SECONDS).body()).isEqualTo("/slow");
    assertThat(dispatchedOn).hasSize(2).noneMatch(name -> name.contains("eventloop"));
  }
}
