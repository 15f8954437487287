package dev.edgevm.embedded.internal.api.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.Waits;
import dev.edgevm.embedded.internal.api.ObjectEvent;
import dev.edgevm.embedded.internal.api.ObjectKey;
import dev.edgevm.embedded.internal.api.Selector;
import dev.edgevm.embedded.internal.api.StoredObject;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WatchHubTest {

  static final WatchEncoder PLAIN = new WatchEncoder() {
    @Override
    public String event(String type, StoredObject object) {
      return "{\"type\":\"" + type + "\",\"object\":" + object.json() + "}";
    }

    @Override
    public String bookmark(long resourceVersion) {
      return "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"" + resourceVersion + "\"}}}";
    }
  };

  private final WatchHub hub = new WatchHub(3);

  @AfterEach
  void close() {
    hub.close();
  }

  @Test
  void aWatchFromAResourceVersion_getsOnlyLaterChanges() throws Exception {
    for (int rv = 1; rv <= 3; rv++) {
      hub.publish(added("cm" + rv, rv));
    }

    Socket socket = open(hub.open(watch("default", Selector.all(), "1"), List.of()));
    hub.publish(added("cm4", 4));

    socket.await(3);
    assertThat(socket.sent).hasSize(3).allSatisfy(m -> assertThat(m).startsWith("{\"type\":\"ADDED\""));
    assertThat(socket.sent.get(0)).contains("\"name\":\"cm2\"");
    assertThat(socket.sent.get(2)).contains("\"name\":\"cm4\"");
  }

  @Test
  void aWatchFromBeforeTheHistory_endsWith410Expired() throws Exception {
    for (int rv = 1; rv <= 5; rv++) {
      hub.publish(added("cm" + rv, rv));
    }

    Socket socket = open(hub.open(watch("default", Selector.all(), "1"), List.of()));

    socket.awaitClosed();
    assertThat(socket.sent).singleElement().satisfies(m -> assertThat(m)
        .startsWith("{\"type\":\"ERROR\"").contains("\"code\":410").contains("\"reason\":\"Expired\""));
  }

  @Test
  void aSelectorThatStopsMatching_seesTheObjectDeleted() throws Exception {
    Selector labelled = Selector.of("app=x", null);
    Socket socket = open(hub.open(watch(null, labelled, null), List.of()));
    StoredObject before = object("cm", 1, "x");
    StoredObject after = object("cm", 2, "y");

    hub.publish(new ObjectEvent(ObjectEvent.Type.ADDED, CoreTypes.CONFIG_MAPS, before.key(), null, before));
    hub.publish(new ObjectEvent(ObjectEvent.Type.MODIFIED, CoreTypes.CONFIG_MAPS, after.key(), before, after));

    socket.await(2);
    assertThat(socket.sent.get(0)).startsWith("{\"type\":\"ADDED\"");
    assertThat(socket.sent.get(1)).startsWith("{\"type\":\"DELETED\"");
  }

  @Test
  void anEstablishedWatchPlannedToGo_sendsItsEventsUntilTheFault_thenEndsWith410() throws Exception {
    AtomicInteger applied = new AtomicInteger();
    Socket socket = open(hub.open(faulty("default", Selector.all(), null,
        at(3, true, applied)), List.of()));

    for (int rv = 1; rv <= 5; rv++) {
      hub.publish(added("cm" + rv, rv));
    }

    socket.awaitClosed();
    assertThat(socket.sent).hasSize(3);
    assertThat(socket.sent.subList(0, 2)).allSatisfy(m -> assertThat(m).startsWith("{\"type\":\"ADDED\""));
    assertThat(socket.sent.get(2)).startsWith("{\"type\":\"ERROR\"").contains("\"code\":410");
    assertThat(applied).hasValue(1);
    assertThat(hub.openWatches()).isZero();
  }

  @Test
  void anEstablishedWatchPlannedToDrop_losesItsConnectionInsteadOfAnEvent() throws Exception {
    AtomicInteger applied = new AtomicInteger();
    Socket socket = open(hub.open(faulty("default", Selector.all(), null,
        at(1, false, applied)), List.of(object("cm0", 1, "x"))));

    socket.awaitClosed();
    assertThat(socket.sent).isEmpty();
    assertThat(applied).hasValue(1);
  }

  private static ObjectEvent added(String name, long rv) {
    StoredObject object = object(name, rv, "x");
    return new ObjectEvent(ObjectEvent.Type.ADDED, CoreTypes.CONFIG_MAPS, object.key(), null, object);
  }

  private static StoredObject object(String name, long rv, String label) {
    String json = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
        + "\",\"namespace\":\"default\",\"resourceVersion\":\"" + rv + "\",\"labels\":{\"app\":\"" + label + "\"}}}";
    return new StoredObject(CoreTypes.CONFIG_MAPS, ObjectKey.of(CoreTypes.CONFIG_MAPS, "default", name), json, rv);
  }

  private static WatchRequest watch(String namespace, Selector selector, String resourceVersion) {
    return faulty(namespace, selector, resourceVersion, WatchFaults.NONE);
  }

  private static WatchRequest faulty(String namespace, Selector selector, String resourceVersion, WatchFaults faults) {
    return new WatchRequest(CoreTypes.CONFIG_MAPS, namespace, null, selector, resourceVersion, true, 0, false, PLAIN,
        faults);
  }

  /** The watch's {@code nth} event is replaced by the fault. */
  private static WatchFaults at(int nth, boolean gone, AtomicInteger applied) {
    return event -> event == nth ? Optional.of(new WatchFault(gone, applied::incrementAndGet)) : Optional.empty();
  }

  private static Socket open(MockResponse response) {
    Socket socket = new Socket();
    response.getWebSocketListener().onOpen(socket, null);
    return socket;
  }

  /** Records what a watch sends. */
  private static final class Socket implements WebSocket {
    final List<String> sent = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    @Override
    public RecordedRequest request() {
      return null;
    }

    @Override
    public synchronized boolean send(String text) {
      sent.add(text);
      notifyAll();
      return true;
    }

    @Override
    public boolean send(byte[] bytes) {
      return send(new String(bytes));
    }

    @Override
    public synchronized boolean close(int code, String reason) {
      closed = true;
      notifyAll();
      return true;
    }

    void await(int messages) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Waits.SECONDS);
      while (sent.size() < messages && System.nanoTime() < deadline) {
        synchronized (this) {
          wait(10);
        }
      }
    }

    void awaitClosed() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Waits.SECONDS);
      while (!closed && System.nanoTime() < deadline) {
        synchronized (this) {
          wait(10);
        }
      }
    }
  }
}
