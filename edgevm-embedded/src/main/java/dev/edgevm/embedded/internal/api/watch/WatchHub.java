package dev.edgevm.embedded.internal.api.watch;

import dev.edgevm.embedded.internal.api.ObjectEvent;
import dev.edgevm.embedded.internal.api.ResourceType;
import dev.edgevm.embedded.internal.api.Selector;
import dev.edgevm.embedded.internal.api.Statuses;
import dev.edgevm.embedded.internal.api.StoredObject;
import dev.edgevm.embedded.internal.api.StreamedResponse;
import dev.edgevm.embedded.internal.json.Json;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.node.ObjectNode;

/**
 * Client watches and the recent history of changes. A watch that names a resourceVersion gets
 * the changes after it from the history, or an ERROR event with 410 Expired when the history no
 * longer reaches back that far, as a real API server answers after etcd compaction. Watches are
 * served over WebSockets or as chunked HTTP responses; they end after their {@code timeoutSeconds}
 * and, when asked for, get BOOKMARK events about every minute and two seconds before they end,
 * as the API server's watch cache sends them.
 *
 * <p>{@link #publish} and {@link #open} are called by the store under its lock, so a watch sees
 * exactly the changes after its starting point, in order.
 */
public final class WatchHub implements AutoCloseable {

  private static final int DEFAULT_HISTORY = 20_000;
  private static final long BOOKMARK_EVERY_SECONDS = 60;
  private static final long BOOKMARK_BEFORE_END_MILLIS = 2_000;

  /** What a refused watch request stands for: it only ever sends its ERROR event. */
  private static final WatchRequest REFUSED = new WatchRequest(null, null, null, Selector.all(), null, false, 0, false,
      new WatchEncoder() {
        @Override
        public String event(String type, StoredObject object) {
          throw new IllegalStateException("a refused watch sends no events");
        }

        @Override
        public String bookmark(long resourceVersion) {
          throw new IllegalStateException("a refused watch sends no bookmarks");
        }
      }, WatchFaults.NONE);

  private final Map<ResourceType, Set<WatchStream>> streams = new ConcurrentHashMap<>();
  /** Guards the history and the order of events, bookmarks included, within each watch. */
  private final Object lock = new Object();
  private final Deque<ObjectEvent> history = new ArrayDeque<>();
  private long compactedThrough;
  private long lastPublished;
  private final ScheduledThreadPoolExecutor senders;
  private final int historySize;

  public WatchHub() {
    this(DEFAULT_HISTORY);
  }

  /** A hub remembering the last {@code historySize} changes for watches that resume. */
  public WatchHub(int historySize) {
    this.historySize = historySize;
    AtomicInteger counter = new AtomicInteger();
    this.senders = new ScheduledThreadPoolExecutor(2, runnable -> {
      Thread thread = new Thread(runnable, "edgevm-watch-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    senders.setRemoveOnCancelPolicy(true);
    senders.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /**
   * Opens a watch and returns the response that serves it; the caller holds the store's lock.
   * {@code current} is the state to announce as ADDED events when the watch starts from "now".
   */
  public MockResponse open(WatchRequest request, List<StoredObject> current) {
    synchronized (lock) {
      long from = 0;
      if (!request.fromNow()) {
        try {
          from = Long.parseLong(request.resourceVersion());
        } catch (NumberFormatException e) {
          return failed(request.webSocket(),
              Statuses.badRequest("invalid resource version: " + request.resourceVersion()));
        }
        if (from < compactedThrough) {
          return failed(request.webSocket(),
              Statuses.expired("too old resource version: " + from + " (" + (compactedThrough + 1) + ")"));
        }
      }
      WatchStream stream = new WatchStream(this, request, Math.max(from, lastPublished), senders);
      if (request.fromNow()) {
        for (StoredObject object : current) {
          stream.send("ADDED", object);
        }
      } else {
        for (ObjectEvent event : history) {
          if (event.latest().resourceVersion() > from && event.resource().equals(request.type())) {
            deliver(stream, event);
          }
        }
      }
      streams.computeIfAbsent(request.type(), t -> ConcurrentHashMap.newKeySet()).add(stream);
      scheduleEnd(stream);
      return response(stream, request.webSocket());
    }
  }

  /** A watch request refused with 410 Gone: the client sees the stream end with Expired. */
  public MockResponse expired(String resourceVersion, boolean webSocket) {
    return failed(webSocket, Statuses.expired("too old resource version: " + resourceVersion));
  }

  /** Records a change and sends it to the watches it concerns; the caller holds the store's lock. */
  public void publish(ObjectEvent event) {
    synchronized (lock) {
      history.addLast(event);
      if (history.size() > historySize) {
        compactedThrough = history.removeFirst().latest().resourceVersion();
      }
      lastPublished = Math.max(lastPublished, event.latest().resourceVersion());
      Set<WatchStream> watching = streams.get(event.resource());
      if (watching != null) {
        for (WatchStream stream : watching) {
          deliver(stream, event);
        }
      }
    }
  }

  private static void deliver(WatchStream stream, ObjectEvent event) {
    if (!stream.inScope(event.key())) {
      return;
    }
    boolean matchedBefore = event.before() != null && stream.request().selector().test(event.before().view());
    boolean matchesNow = event.after() != null && stream.request().selector().test(event.after().view());
    if (matchedBefore && matchesNow) {
      stream.send("MODIFIED", event.after());
    } else if (matchesNow) {
      stream.send("ADDED", event.after());
    } else if (matchedBefore) {
      stream.send("DELETED", event.after() != null ? event.after() : event.before());
    }
  }

  /** The end of a watch with a timeout, and its bookmarks. */
  private void scheduleEnd(WatchStream stream) {
    long timeoutMillis = TimeUnit.SECONDS.toMillis(stream.request().timeoutSeconds());
    if (stream.request().bookmarks()) {
      stream.addTimer(senders.scheduleWithFixedDelay(() -> bookmark(stream), BOOKMARK_EVERY_SECONDS,
          BOOKMARK_EVERY_SECONDS, TimeUnit.SECONDS));
      if (timeoutMillis > 0) {
        stream.addTimer(senders.schedule(() -> bookmark(stream),
            Math.max(0, timeoutMillis - BOOKMARK_BEFORE_END_MILLIS), TimeUnit.MILLISECONDS));
      }
    }
    if (timeoutMillis > 0) {
      stream.addTimer(senders.schedule(stream::close, timeoutMillis, TimeUnit.MILLISECONDS));
    }
  }

  /** A bookmark at the last change published: every change up to it has been queued for the watch. */
  private void bookmark(WatchStream stream) {
    synchronized (lock) {
      stream.bookmark(Math.max(lastPublished, stream.startVersion()));
    }
  }

  /** Ends every open watch with 410 Expired, as after an etcd compaction; returns how many. */
  public int expireAll() {
    int count = 0;
    for (Set<WatchStream> set : streams.values()) {
      for (WatchStream stream : set) {
        stream.expire();
        count++;
      }
    }
    return count;
  }

  public int openWatches() {
    return streams.values().stream().mapToInt(Set::size).sum();
  }

  void remove(WatchStream stream) {
    if (stream.request().type() == null) {
      return;
    }
    Set<WatchStream> set = streams.get(stream.request().type());
    if (set != null) {
      set.remove(stream);
    }
  }

  private MockResponse failed(boolean webSocket, ObjectNode status) {
    WatchStream stream = new WatchStream(this, REFUSED, 0, senders);
    stream.fail(Json.write(status));
    return response(stream, webSocket);
  }

  private static MockResponse response(WatchStream stream, boolean webSocket) {
    if (webSocket) {
      return new MockResponse().withWebSocketUpgrade(new WebSocketWatch(stream));
    }
    // the API server answers 200 and reports errors, 410 included, as ERROR events in the stream
    return new StreamedResponse(200, "application/json", new HttpWatch(stream));
  }

  @Override
  public void close() {
    streams.values().forEach(set -> set.forEach(WatchStream::close));
    senders.shutdown();
    try {
      if (!senders.awaitTermination(5, TimeUnit.SECONDS)) {
        senders.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      senders.shutdownNow();
    }
  }
}
