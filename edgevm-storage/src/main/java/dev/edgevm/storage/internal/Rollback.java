package dev.edgevm.storage.internal;

import dev.edgevm.core.ConflictException;
import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.OperationFailedException;
import dev.edgevm.core.PreflightException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps a standalone upload did and how to undo each, newest first, so a failure or a
 * cancellation leaves nothing behind (a deploy uses the deploy's own journal instead); snapshots and
 * restores use it too.
 */
public final class Rollback {

    private static final Logger LOG = LoggerFactory.getLogger(Rollback.class);

    private final String operation;
    private final List<String> steps = new ArrayList<>();
    private final List<Runnable> undos = new ArrayList<>();

    public Rollback(String operation) {
        this.operation = operation;
    }

    public synchronized void done(String step, Runnable undo) {
        steps.add(step);
        undos.add(undo);
    }

    /** Undoes everything and returns what to throw: the failure itself when it was a refusal and nothing was left. */
    public synchronized RuntimeException undo(RuntimeException failure) {
        boolean interrupted = Thread.interrupted(); // a cancellation must not cancel the clean-up too
        List<String> rolledBack = new ArrayList<>();
        List<String> leftBehind = new ArrayList<>();
        try {
            for (int i = steps.size() - 1; i >= 0; i--) {
                try {
                    undos.get(i).run();
                    rolledBack.add(steps.get(i));
                } catch (RuntimeException e) {
                    LOG.warn("{}: could not undo '{}': {}", operation, steps.get(i), e.getMessage());
                    leftBehind.add(steps.get(i));
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure instanceof CancellationException || interrupted) {
            CancellationException cancelled = new CancellationException(operation + " was cancelled"
                    + (rolledBack.isEmpty() ? "" : "; rolled back: " + String.join(", ", rolledBack))
                    + (leftBehind.isEmpty() ? "" : "; could not roll back (delete by hand): " + String.join(", ", leftBehind)));
            cancelled.initCause(failure);
            return cancelled;
        }
        EdgeVmException cause = failure instanceof EdgeVmException e ? e : new EdgeVmException(failure.getMessage(), failure);
        boolean refusal = cause instanceof InvalidSpecException || cause instanceof PreflightException || cause instanceof ConflictException;
        if (leftBehind.isEmpty() && (steps.isEmpty() || refusal)) {
            return cause;
        }
        return new OperationFailedException(operation, steps, rolledBack, leftBehind, cause);
    }
}
