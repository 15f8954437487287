package dev.edgevm.storage.internal;

/**
 * Runs clean-up with the thread's interrupt flag cleared and restores it afterwards: undoing what a
 * cancelled operation created must not be cancelled by the same interrupt.
 */
final class Uninterrupted {

    private Uninterrupted() {}

    static Runnable of(Runnable cleanup) {
        return () -> {
            boolean interrupted = Thread.interrupted();
            try {
                cleanup.run();
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
