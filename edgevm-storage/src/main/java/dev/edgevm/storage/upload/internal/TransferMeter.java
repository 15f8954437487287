package dev.edgevm.storage.upload.internal;

import dev.edgevm.core.Progress;
import dev.edgevm.core.ProgressListener;

/**
 * Turns bytes sent into {@link Progress} events: at most one every {@value #INTERVAL_MILLIS} ms,
 * monotonic, the last one at the total. The rate is the average since the body started.
 */
final class TransferMeter {

    static final long INTERVAL_MILLIS = 100;

    private final ProgressListener listener;
    private final String operation;
    private final long total;
    private long started;
    private long lastEvent;
    private long done;

    TransferMeter(ProgressListener listener, String operation, long total) {
        this.listener = listener;
        this.operation = operation;
        this.total = total;
    }

    void step(String phase, String message) {
        listener.onProgress(Progress.step(operation, phase, message));
    }

    void start() {
        started = System.nanoTime();
        lastEvent = started;
        listener.onProgress(Progress.transfer(operation, "uploading", 0, total, 0));
    }

    void sent(long bytes) {
        done += bytes;
        long now = System.nanoTime();
        if (now - lastEvent >= INTERVAL_MILLIS * 1_000_000 && done < total) {
            lastEvent = now;
            listener.onProgress(Progress.transfer(operation, "uploading", done, total, rate(now)));
        }
    }

    void finished(String phase) {
        listener.onProgress(Progress.transfer(operation, phase, done, total, rate(System.nanoTime())));
    }

    long done() {
        return done;
    }

    long nanosSinceStart() {
        return System.nanoTime() - started;
    }

    private double rate(long now) {
        long elapsed = now - started;
        return elapsed <= 0 ? 0 : done * 1e9 / elapsed;
    }
}
