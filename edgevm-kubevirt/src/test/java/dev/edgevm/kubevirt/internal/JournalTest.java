package dev.edgevm.kubevirt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.core.ClusterException;
import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.OperationFailedException;
import dev.edgevm.kubevirt.RetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JournalTest {

    private static final RetryPolicies FAST = new RetryPolicies(RetryConfig.builder().backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build());

    private static ClusterException unavailable() {
        return new ClusterException("delete PersistentVolume node01-vol0 failed: HTTP 503", 503, "ServiceUnavailable",
                ObjectRef.clusterScoped("PersistentVolume", "node01-vol0"), null);
    }

    @Test
    void stepsAreUndoneNewestFirst() {
        List<String> undone = new ArrayList<>();
        Journal journal = new Journal("deploy default/vm", FAST);
        journal.done("created Secret", () -> undone.add("Secret"));
        journal.done("created VirtualMachine", () -> undone.add("VirtualMachine"));

        OperationFailedException failed = journal.rollback(new IllegalStateException("boom"));

        assertThat(undone).containsExactly("VirtualMachine", "Secret");
        assertThat(failed.stepsRolledBack()).containsExactly("created VirtualMachine", "created Secret");
        assertThat(failed.leftBehind()).isEmpty();
    }

    @Test
    void anUndoThatRanOutOfRetriesOnABusyCluster_isRunAgain() {
        AtomicInteger runs = new AtomicInteger();
        Journal journal = new Journal("deploy default/vm", FAST);
        journal.done("allocated PersistentVolumes node01-vol0", () -> {
            if (runs.incrementAndGet() < 3) {
                throw unavailable();
            }
        });

        OperationFailedException failed = journal.rollback(new IllegalStateException("boom"));

        assertThat(runs).hasValue(3);
        assertThat(failed.stepsRolledBack()).containsExactly("allocated PersistentVolumes node01-vol0");
        assertThat(failed.leftBehind()).isEmpty();
    }

    @Test
    void anUndoThatStoppedPartWayOnABusyCluster_isRunAgain() {
        AtomicInteger runs = new AtomicInteger();
        Journal journal = new Journal("deploy default/vm", FAST);
        journal.done("allocated PersistentVolumes node01-vol0, node01-vol1", () -> {
            if (runs.incrementAndGet() == 1) {
                // as a volume release reports freeing one volume and keeping the other after a 503
                throw new OperationFailedException("release of volumes [node01-vol0, node01-vol1]",
                        List.of("wiped and freed node01-vol0"), List.of(), List.of("volume node01-vol1 (kept: HTTP 503)"),
                        unavailable());
            }
        });

        OperationFailedException failed = journal.rollback(new IllegalStateException("boom"));

        assertThat(runs).hasValue(2);
        assertThat(failed.leftBehind()).isEmpty();
    }

    @Test
    void anUndoThatStoppedPartWayForAReason_isNotRunAgain() {
        AtomicInteger runs = new AtomicInteger();
        Journal journal = new Journal("deploy default/vm", FAST);
        journal.done("allocated PersistentVolumes node01-vol0", () -> {
            runs.incrementAndGet();
            throw new OperationFailedException("release of volumes [node01-vol0]", List.of(), List.of(),
                    List.of("volume node01-vol0 (kept: wipe Job failed)"), new EdgeVmException("wipe Job failed", null));
        });

        OperationFailedException failed = journal.rollback(new IllegalStateException("boom"));

        assertThat(runs).hasValue(1);
        assertThat(failed.leftBehind()).containsExactly("allocated PersistentVolumes node01-vol0");
    }

    @Test
    void anUndoThatKeepsFailing_isLeftBehind_afterThreeRuns() {
        AtomicInteger runs = new AtomicInteger();
        Journal journal = new Journal("deploy default/vm", FAST);
        journal.done("allocated PersistentVolumes node01-vol0", () -> {
            runs.incrementAndGet();
            throw unavailable();
        });

        OperationFailedException failed = journal.rollback(new IllegalStateException("boom"));

        assertThat(runs).hasValue(3);
        assertThat(failed.leftBehind()).containsExactly("allocated PersistentVolumes node01-vol0");
    }

    @Test
    void anUndoRefusedForAReason_isNotRunAgain() {
        AtomicInteger runs = new AtomicInteger();
        Journal journal = new Journal("deploy default/vm", FAST);
        journal.done("allocated PersistentVolumes node01-vol0", () -> {
            runs.incrementAndGet();
            throw new EdgeVmException("volumes kept because a claim still uses them", null);
        });

        OperationFailedException failed = journal.rollback(new IllegalStateException("boom"));

        assertThat(runs).hasValue(1);
        assertThat(failed.leftBehind()).containsExactly("allocated PersistentVolumes node01-vol0");
    }
}
