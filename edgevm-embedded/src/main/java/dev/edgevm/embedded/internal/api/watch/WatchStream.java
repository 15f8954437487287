package dev.edgevm.embedded.internal.api.watch;

import dev.edgevm.embedded.internal.api.ObjectKey;
import dev.edgevm.embedded.internal.api.Statuses;
import dev.edgevm.embedded.internal.api.StoredObject;
import dev.edgevm.embedded.internal.json.Json;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client's watch, whatever its transport. Events are queued in store order from the moment
 * the watch opens and written by a shared executor once the transport is attached, one stream at
 * a time, so no thread is held per watch.
 */
final class WatchStream {

  private static final String CLOSE = "\u0000close";
  private static final String DROP = "\u0000drop";
  private static final String EXPIRED = Json.write(Statuses.expired("too old resource version"));

  private final WatchHub hub;
  private final WatchRequest request;
  private final long startVersion;
  private final Executor executor;
  private final Queue<String> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final List<Future<?>> timers = new CopyOnWriteArrayList<>();
  private volatile WatchSink sink;
  private volatile boolean closed;
  /** Events sent so far, counted under the hub's lock (events are sent in store order). */
  private int events;

  WatchStream(WatchHub hub, WatchRequest request, long startVersion, Executor executor) {
    this.hub = hub;
    this.request = request;
    this.startVersion = startVersion;
    this.executor = executor;
  }

  WatchRequest request() {
    return request;
  }

  /** The resourceVersion the watch started at: its bookmarks never go below it. */
  long startVersion() {
    return startVersion;
  }

  /** Whether the event's object is in this watch's scope, ignoring the selector. */
  boolean inScope(ObjectKey key) {
    return (request.namespace() == null || request.namespace().equals(key.namespace()))
        && (request.pinnedName() == null || request.pinnedName().equals(key.name()));
  }

  /** Queues an event, or the fault planned for the watch in its place. */
  void send(String eventType, StoredObject object) {
    Optional<WatchFault> planned = closed ? Optional.empty() : request.faults().at(++events);
    if (planned.isPresent()) {
      WatchFault fault = planned.get();
      fault.applied().run();
      if (fault.gone()) {
        expire();
      } else {
        enqueue(DROP);
      }
      return;
    }
    enqueue(request.encoder().event(eventType, object));
  }

  /** Ends the watch with 410 Expired, as after an etcd compaction (the client re-lists). */
  void expire() {
    fail(EXPIRED);
  }

  void bookmark(long resourceVersion) {
    enqueue(request.encoder().bookmark(resourceVersion));
  }

  /** Sends an ERROR event carrying the Status, then ends the watch (the client re-lists on 410). */
  void fail(String statusJson) {
    enqueue("{\"type\":\"ERROR\",\"object\":" + statusJson + "}");
    enqueue(CLOSE);
  }

  /** Ends the watch from the server's side once what is queued is sent. */
  void close() {
    enqueue(CLOSE);
  }

  /** Cancelled when the watch ends. */
  void addTimer(Future<?> timer) {
    timers.add(timer);
    if (closed) {
      timer.cancel(false);
    }
  }

  /** The transport is ready: what is queued, and what comes, is written to it. */
  void attach(WatchSink transport) {
    this.sink = transport;
    schedule();
  }

  /** The client went away: nothing more is sent. */
  void detach() {
    closed = true;
    pending.clear();
    release();
  }

  private void enqueue(String message) {
    if (closed) {
      return;
    }
    pending.add(message);
    schedule();
  }

  private void schedule() {
    if (sink != null && draining.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException shuttingDown) {
        draining.set(false);
      }
    }
  }

  private void drain() {
    try {
      String message;
      while ((message = pending.poll()) != null) {
        if (message == CLOSE || message == DROP) {
          closed = true;
          pending.clear();
          // gone from the hub before the client can see the end, so a count taken then is exact
          release();
          if (message == CLOSE) {
            sink.close();
          } else {
            sink.drop();
          }
          return;
        }
        if (!closed) {
          sink.send(message);
        }
      }
    } finally {
      draining.set(false);
    }
    if (!pending.isEmpty()) {
      schedule();
    }
  }

  private void release() {
    hub.remove(this);
    timers.forEach(timer -> timer.cancel(false));
  }
}
