package dev.edgevm.kubevirt.internal.wait;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.WaitTimeoutException;
import dev.edgevm.kubevirt.WaitResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Waits for a state by evaluating ordered acceptors each time something changes, never by
 * sleeping: {@code subscribe} registers a callback that runs on every change of the watched
 * objects, and {@code observe} reads their current state from a local cache.
 */
public final class Waiter<T> {

    private final String awaited;
    private final List<Acceptor<T>> acceptors;
    private final Clock clock;

    public Waiter(String awaited, List<Acceptor<T>> acceptors, Clock clock) {
        this.awaited = awaited;
        this.acceptors = List.copyOf(acceptors);
        this.clock = clock;
    }

    /** What the acceptors make of one observation; RETRY when none matches. */
    public Acceptor.Outcome decide(T observed) {
        return match(observed) == null ? Acceptor.Outcome.RETRY : match(observed).outcome();
    }

    private Acceptor<T> match(T observed) {
        for (Acceptor<T> a : acceptors) {
            if (a.matches(observed)) {
                return a;
            }
        }
        return null;
    }

    /** Registers a wait's change callback; may take time (starting informers), never more than it is given. */
    @FunctionalInterface
    public interface Subscription {
        /**
         * Makes {@code onChange} run on every change of the watched objects; the result unregisters it.
         *
         * @throws TimeoutException if what the subscription needs is not ready within {@code within}
         */
        AutoCloseable subscribe(Runnable onChange, Duration within) throws TimeoutException;
    }

    /**
     * Waits until an acceptor decides, or {@code timeout} passes: the timeout bounds everything,
     * subscribing included.
     *
     * @param observe reads the current state (cheaply, from a cache: it runs on watch threads)
     * @param subscribe registers a change callback and returns what unregisters it
     */
    public WaitResult<T> await(Duration timeout, Supplier<T> observe, Subscription subscribe) {
        Instant start = clock.instant();
        Evaluation evaluation = new Evaluation(observe, start);
        try (AutoCloseable ignored = subscribe.subscribe(evaluation::evaluate, timeout)) {
            evaluation.evaluate();
            Duration left = timeout.minus(Duration.between(start, clock.instant()));
            return evaluation.done.get(Math.max(1, left.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            T last = evaluation.last;
            String lastState = last != null ? String.valueOf(last) : "nothing yet" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
            throw new WaitTimeoutException(awaited, lastState,
                    Duration.between(start, clock.instant()), evaluation.attempts);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof EdgeVmException x ? x : new EdgeVmException("waiting for " + awaited + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EdgeVmException("interrupted while waiting for " + awaited, e);
        } catch (EdgeVmException e) {
            throw e;
        } catch (Exception e) {
            throw new EdgeVmException("waiting for " + awaited + " failed", e);
        }
    }

    /** The state of one wait; evaluate() runs on watch threads, so it is synchronized. */
    private final class Evaluation {
        private final Supplier<T> observe;
        private final Instant start;
        private final CompletableFuture<WaitResult<T>> done = new CompletableFuture<>();
        private volatile T last;
        private volatile int attempts;

        Evaluation(Supplier<T> observe, Instant start) {
            this.observe = observe;
            this.start = start;
        }

        synchronized void evaluate() {
            if (done.isDone()) {
                return;
            }
            T observed;
            try {
                observed = observe.get();
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                return;
            }
            last = observed;
            attempts++;
            Acceptor<T> decided = match(observed);
            if (decided == null || decided.outcome() == Acceptor.Outcome.RETRY) {
                return;
            }
            if (decided.outcome() == Acceptor.Outcome.SUCCESS) {
                done.complete(new WaitResult<>(observed, attempts, Duration.between(start, clock.instant())));
            } else {
                Acceptor.Failure f = decided.failure(observed);
                done.completeExceptionally(f.exception().apply(awaited));
            }
        }
    }
}
