package dev.edgevm.cli.demo;

import java.util.concurrent.CountDownLatch;

/** How {@code demo --keep-running} waits for the user to be done. */
@FunctionalInterface
public interface Interruption {

    /**
     * Blocks until the user interrupts (Ctrl-C); {@code onInterrupt} runs first, even while the
     * JVM shuts down, so the embedded cluster stops and its files go.
     */
    void await(AutoCloseable onInterrupt) throws InterruptedException;

    /** Ctrl-C: a shutdown hook closes {@code onInterrupt}; the JVM then exits. */
    static Interruption ctrlC() {
        return onInterrupt -> {
            CountDownLatch closed = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    onInterrupt.close();
                } catch (Exception e) {
                    System.err.println("stopping the embedded cluster failed: " + e.getMessage());
                } finally {
                    closed.countDown();
                }
            }, "edgevm-demo-shutdown"));
            closed.await();
        };
    }
}
