package dev.edgevm.storage.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** What the handles of work running on a thread of its own share: waiting for its result, and for the thread. */
public final class Background {

    private Background() {}

    /** The result, or the work's own exception (not wrapped in a CompletionException). */
    public static <T> T await(CompletableFuture<T> result) {
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Waits for the thread to end, unless it is this one; an interrupt ends the wait and is kept. */
    public static void join(Thread thread) {
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
