package dev.edgevm.kubevirt.internal.wait;

import dev.edgevm.core.WaitFailedException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One rule of a wait: when the observed state matches, the wait succeeds, fails, or goes on
 * waiting. A wait's acceptors are tried in order and the first match decides.
 */
public final class Acceptor<T> {

    public enum Outcome { SUCCESS, FAILURE, RETRY }

    private final Outcome outcome;
    private final Predicate<T> matches;
    private final Function<T, Failure> failure;

    private Acceptor(Outcome outcome, Predicate<T> matches, Function<T, Failure> failure) {
        this.outcome = outcome;
        this.matches = matches;
        this.failure = failure;
    }

    public static <T> Acceptor<T> success(Predicate<T> when) {
        return new Acceptor<>(Outcome.SUCCESS, when, null);
    }

    /** Fails the wait with the reason and detail {@code why} gives for the matching state. */
    public static <T> Acceptor<T> failure(Predicate<T> when, Function<T, Failure> why) {
        return new Acceptor<>(Outcome.FAILURE, when, why);
    }

    public static <T> Acceptor<T> retry(Predicate<T> when) {
        return new Acceptor<>(Outcome.RETRY, when, null);
    }

    boolean matches(T observed) {
        return matches.test(observed);
    }

    Outcome outcome() {
        return outcome;
    }

    Failure failure(T observed) {
        return failure.apply(observed);
    }

    /**
     * Why a state is terminal: a machine-readable reason, the object's own message, and the
     * exception the wait fails with (given what was awaited).
     */
    public record Failure(String reason, String detail, Function<String, WaitFailedException> exception) {

        /** A failure reported as a plain {@link WaitFailedException}. */
        public Failure(String reason, String detail) {
            this(reason, detail, awaited -> new WaitFailedException(awaited, reason, detail));
        }
    }
}
