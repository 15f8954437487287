package dev.edgevm.core;

import java.util.List;

/**
 * A multi-step operation (allocate volumes, create a DataVolume, upload, create the VM) failed part
 * way. Lists the steps that were done and the steps that were rolled back; the cause is the failure.
 */
public final class OperationFailedException extends EdgeVmException {

    private final List<String> stepsDone;
    private final List<String> stepsRolledBack;
    private final List<String> leftBehind;

    public OperationFailedException(String operation, List<String> stepsDone, List<String> stepsRolledBack,
                                    List<String> leftBehind, Throwable cause) {
        super(describe(operation, stepsDone, stepsRolledBack, leftBehind, cause), cause);
        this.stepsDone = List.copyOf(stepsDone);
        this.stepsRolledBack = List.copyOf(stepsRolledBack);
        this.leftBehind = List.copyOf(leftBehind);
    }

    public List<String> stepsDone() {
        return stepsDone;
    }

    public List<String> stepsRolledBack() {
        return stepsRolledBack;
    }

    /** Objects the rollback could not remove (empty when everything was undone). */
    public List<String> leftBehind() {
        return leftBehind;
    }

    @Override
    public boolean retryable() {
        return leftBehind.isEmpty() && getCause() instanceof EdgeVmException e && e.retryable();
    }

    private static String describe(String operation, List<String> done, List<String> undone,
                                   List<String> left, Throwable cause) {
        StringBuilder sb = new StringBuilder(operation).append(" failed: ")
                .append(cause == null ? "unknown cause" : cause.getMessage());
        if (!done.isEmpty()) {
            sb.append("\n  done: ").append(String.join(", ", done));
        }
        if (!undone.isEmpty()) {
            sb.append("\n  rolled back: ").append(String.join(", ", undone));
        }
        if (!left.isEmpty()) {
            sb.append("\n  could not roll back (delete by hand): ").append(String.join(", ", left));
        }
        return sb.toString();
    }
}
