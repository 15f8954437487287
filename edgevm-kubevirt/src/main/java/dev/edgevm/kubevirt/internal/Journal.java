package dev.edgevm.kubevirt.internal;

import dev.edgevm.core.OperationFailedException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps a multi-step operation has done and how to undo each, so a failure leaves nothing behind. */
final class Journal {

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final String operation;
    private final RetryPolicies retries;
    private final List<String> steps = new ArrayList<>();
    private final List<Runnable> undos = new ArrayList<>();

    /** @param retries whose undo policy runs an undo again when its requests ran out of retries */
    Journal(String operation, RetryPolicies retries) {
        this.operation = operation;
        this.retries = retries;
    }

    synchronized void done(String step, Runnable undo) {
        steps.add(step);
        undos.add(undo);
    }

    /** Undoes every step, newest first, and describes the outcome as the exception to throw. */
    synchronized OperationFailedException rollback(Throwable cause) {
        List<String> rolledBack = new ArrayList<>();
        List<String> leftBehind = new ArrayList<>();
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (undo(i)) {
                rolledBack.add(steps.get(i));
            } else {
                leftBehind.add(steps.get(i));
            }
        }
        return new OperationFailedException(operation, steps, rolledBack, leftBehind, cause);
    }

    private boolean undo(int step) {
        try {
            retries.undo(undos.get(step));
            return true;
        } catch (RuntimeException e) {
            LOG.warn("{}: could not undo '{}': {}", operation, steps.get(step), e.getMessage());
            return false;
        }
    }
}
