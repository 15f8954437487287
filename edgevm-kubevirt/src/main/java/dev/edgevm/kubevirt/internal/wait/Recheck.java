package dev.edgevm.kubevirt.internal.wait;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A slow periodic re-evaluation for waits, besides the watch events that drive them: an object
 * deleted while its informer was disconnected produces no event at all, and a state read from the
 * server would otherwise stand until the wait timed out. One daemon thread keeps the time for
 * every wait and only hands the work over: a slow read on one wait never delays another.
 */
public final class Recheck {

    /** How often a waiting evaluation looks again; states read from the server are read again as often. */
    public static final Duration EVERY = Duration.ofSeconds(5);

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "edgevm-wait-recheck");
        t.setDaemon(true);
        return t;
    });

    private Recheck() {}

    /** Runs {@code task} on {@code runOn} every {@link #EVERY} until the result is closed. */
    public static AutoCloseable every(Runnable task, Executor runOn) {
        ScheduledFuture<?> tick = TIMER.scheduleWithFixedDelay(() -> {
            try {
                runOn.execute(task);
            } catch (RejectedExecutionException closed) {
                // the client is closing; its waits end with it
            }
        }, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return () -> tick.cancel(false);
    }
}
