package dev.edgevm.core;

import java.util.Arrays;
import java.util.Optional;

/** How KubeVirt keeps a VM's instance running ({@code spec.runStrategy}). */
public enum RunStrategy {
    /** Always running: KubeVirt restarts the instance whenever it stops. */
    ALWAYS("Always"),
    /** Stopped; stays stopped until started. */
    HALTED("Halted"),
    /** Started and stopped only through the start/stop subresources. */
    MANUAL("Manual"),
    /** Restarted when it fails, not when the guest shuts down cleanly. */
    RERUN_ON_FAILURE("RerunOnFailure"),
    /** Runs once; not restarted whatever the outcome. */
    ONCE("Once");

    private final String wireName;

    RunStrategy(String wireName) {
        this.wireName = wireName;
    }

    /** The value as KubeVirt spells it, e.g. {@code RerunOnFailure}. */
    public String wireName() {
        return wireName;
    }

    /** Reads KubeVirt's spelling (case-insensitive, so {@code halted} is accepted from a command line). */
    public static Optional<RunStrategy> fromWireName(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName.equalsIgnoreCase(name)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
