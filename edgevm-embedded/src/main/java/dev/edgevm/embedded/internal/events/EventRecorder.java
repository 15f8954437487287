package dev.edgevm.embedded.internal.events;

import dev.edgevm.embedded.internal.api.ApiException;
import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.runtime.SeededRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records Kubernetes Events about objects, as client-go's recorder does: asynchronously (the
 * controllers do not wait for it), one Event per object, type, reason and message, its count
 * raised when the same thing happens again. The oldest Events go once there are too many, as the
 * API server's TTL does.
 */
public final class EventRecorder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final int MAX_EVENTS = 10_000;

  /** Where an event came from: a component such as "virtualmachine-controller", and its host. */
  public record Source(String component, String host) {
  }

  private record Key(String uid, String type, String reason, String message) {
  }

  private record Recorded(String namespace, String name) {
  }

  private final ClusterApi api;
  private final SeededRandom random;
  private final Map<Key, Recorded> recorded = new HashMap<>();
  private final Deque<Key> order = new ArrayDeque<>();
  private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "edgevm-event-recorder");
    thread.setDaemon(true);
    return thread;
  });

  public EventRecorder(ClusterApi api, SeededRandom random) {
    this.api = api;
    this.random = random;
  }

  public void normal(JsonNode involved, Source source, String reason, String message) {
    record(involved, "Normal", source, reason, message);
  }

  public void warning(JsonNode involved, Source source, String reason, String message) {
    record(involved, "Warning", source, reason, message);
  }

  /** Records an event about the object, soon; failures to record are logged, never thrown. */
  public void record(JsonNode involved, String type, Source source, String reason, String message) {
    JsonNode copy = involved.deepCopy();
    try {
      writer.execute(() -> write(copy, type, source, reason, message));
    } catch (RejectedExecutionException closed) {
      // the cluster is closing
    }
  }

  private void write(JsonNode involved, String type, Source source, String reason, String message) {
    String namespace = Json.namespace(involved) == null ? "default" : Json.namespace(involved);
    Key key = new Key(Json.uid(involved), type, reason, message);
    String now = Json.now();
    try {
      Recorded existing = recorded.get(key);
      if (existing != null && api.update(CoreTypes.EVENTS, existing.namespace(), existing.name(), event -> {
        event.put("count", event.path("count").asInt(1) + 1);
        event.put("lastTimestamp", now);
        return event;
      }).isPresent()) {
        return;
      }
      ObjectNode event = event(involved, namespace, type, source, reason, message, now);
      api.create(CoreTypes.EVENTS, event);
      recorded.put(key, new Recorded(namespace, Json.name(event)));
      order.addLast(key);
      if (order.size() > MAX_EVENTS) {
        Recorded oldest = recorded.remove(order.removeFirst());
        api.delete(CoreTypes.EVENTS, oldest.namespace(), oldest.name());
      }
    } catch (ApiException e) {
      LOG.debug("event {} about {} not recorded: {}", reason, Json.name(involved), e.getMessage());
    }
  }

  private ObjectNode event(JsonNode involved, String namespace, String type, Source source, String reason,
      String message, String now) {
    ObjectNode event = Json.object();
    event.put("apiVersion", "v1");
    event.put("kind", "Event");
    ObjectNode metadata = event.putObject("metadata");
    String suffix = Long.toHexString(random.next("event:" + Json.name(involved)) & 0xffffffffffffL);
    metadata.put("name", Json.name(involved) + "." + suffix);
    metadata.put("namespace", namespace);
    ObjectNode ref = event.putObject("involvedObject");
    ref.put("kind", Json.text(involved, "kind"));
    if (Json.namespace(involved) != null) {
      ref.put("namespace", Json.namespace(involved));
    }
    ref.put("name", Json.name(involved));
    ref.put("uid", Json.uid(involved));
    ref.put("apiVersion", Json.text(involved, "apiVersion"));
    ref.put("resourceVersion", Json.text(involved, "metadata", "resourceVersion"));
    event.put("reason", reason);
    event.put("message", message);
    ObjectNode src = event.putObject("source");
    src.put("component", source.component());
    if (source.host() != null) {
      src.put("host", source.host());
    }
    event.put("firstTimestamp", now);
    event.put("lastTimestamp", now);
    event.put("count", 1);
    event.put("type", type);
    event.putNull("eventTime");
    event.put("reportingComponent", source.component());
    event.put("reportingInstance", source.host() == null ? "" : source.host());
    return event;
  }

  @Override
  public void close() {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
        writer.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      writer.shutdownNow();
    }
  }
}
