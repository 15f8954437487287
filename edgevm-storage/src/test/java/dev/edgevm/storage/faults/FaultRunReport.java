package dev.edgevm.storage.faults;

import dev.edgevm.embedded.FaultKind;
import dev.edgevm.embedded.Faults;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fault-injection suite's table: one row per operation kind and fault rate, with the faults
 * the cluster injected by kind, and the failures seen.
 */
final class FaultRunReport {

    /**
     * What happened to one kind of operation at one fault rate.
     *
     * @param failedTyped    operations that failed with one of the SDK's exceptions
     * @param recovered      of those, deploys of which the audit found nothing left once the cluster
     *                       settled, or deletions that completed when run again
     * @param faults         faults injected while the operations ran, by kind (into every client
     *                       request: the SDK's, and the suite's own watch on the volumes)
     * @param midUploadDrops of the dropped connections, those that cut an upload short
     * @param orphans        objects left behind afterwards
     */
    record Row(double rate, String operation, int operations, int completed, int failedTyped, int recovered,
               Map<FaultKind, Long> faults, int midUploadDrops, long orphans, double seconds) {}

    private static final Map<FaultKind, String> SHORT = Map.of(FaultKind.INTERNAL_ERROR, "500", FaultKind.SERVICE_UNAVAILABLE, "503",
            FaultKind.TOO_MANY_REQUESTS, "429", FaultKind.DROPPED_CONNECTION, "drop", FaultKind.DROPPED_RESPONSE, "drop-after",
            FaultKind.WATCH_GONE, "410");

    private final FaultKind[] kinds;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    FaultRunReport(FaultKind... kinds) {
        this.kinds = kinds.clone();
    }

    /** The faults injected so far, by kind, less those counted in {@code before}. */
    static Map<FaultKind, Long> injected(Faults faults, Map<FaultKind, Long> before) {
        Map<FaultKind, Long> counts = new EnumMap<>(FaultKind.class);
        for (FaultKind kind : FaultKind.values()) {
            counts.put(kind, faults.injected(kind) - before.getOrDefault(kind, 0L));
        }
        return counts;
    }

    static Map<FaultKind, Long> sum(Map<FaultKind, Long> a, Map<FaultKind, Long> b) {
        Map<FaultKind, Long> sum = new EnumMap<>(a);
        b.forEach((kind, n) -> sum.merge(kind, n, Long::sum));
        return sum;
    }

    synchronized void add(Row row) {
        rows.add(row);
    }

    /** A failure worth reading next to the table: which operation, and what it said. */
    synchronized void note(double rate, String failure) {
        notes.add(percent(rate) + ": " + failure.lines().findFirst().orElse(""));
    }

    synchronized String table() {
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-6s %-9s %10s %9s %13s %21s", "faults", "operation",
                "operations", "completed", "failed, typed", "rolled back / re-run"));
        for (FaultKind kind : kinds) {
            header.append(String.format(Locale.ROOT, " %" + Math.max(4, SHORT.get(kind).length()) + "s", SHORT.get(kind)));
        }
        StringBuilder sb = new StringBuilder(header).append(String.format(Locale.ROOT, " %10s %7s %7s%n", "mid-upload", "orphans", "seconds"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-6s %-9s %10d %9d %13d %21d", percent(r.rate()), r.operation(), r.operations(),
                    r.completed(), r.failedTyped(), r.recovered()));
            for (FaultKind kind : kinds) {
                sb.append(String.format(Locale.ROOT, " %" + Math.max(4, SHORT.get(kind).length()) + "d", r.faults().getOrDefault(kind, 0L)));
            }
            sb.append(String.format(Locale.ROOT, " %10d %7d %7.1f%n", r.midUploadDrops(), r.orphans(), r.seconds()));
        }
        notes.forEach(n -> sb.append("  ").append(n).append('\n'));
        return sb.toString();
    }

    private static String percent(double rate) {
        return Math.round(rate * 100) + "%";
    }
}
