package dev.edgevm.cli.snapshot;

import dev.edgevm.cli.output.ProgressDisplay;
import dev.edgevm.storage.snapshot.Snapshot;
import dev.edgevm.storage.snapshot.SnapshotDisk;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How snapshots print: one line per disk, and plain maps for YAML and JSON. */
final class SnapshotView {

    private SnapshotView() {}

    static String kind(Snapshot s) {
        return s.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String describe(SnapshotDisk d) {
        StringBuilder sb = new StringBuilder(d.disk()).append(": claim ").append(d.claim());
        d.volume().ifPresent(v -> sb.append(" -> ").append(v));
        d.node().ifPresent(n -> sb.append(" on ").append(n));
        d.format().ifPresent(f -> sb.append(", ").append(f).append(d.compressed() ? " (compressed)" : ""));
        d.size().ifPresent(s -> sb.append(", ").append(ProgressDisplay.bytes(s)));
        d.sha256().ifPresent(h -> sb.append(", sha256 ").append(h));
        return sb.toString();
    }

    static Map<String, Object> map(Snapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("namespace", s.namespace());
        m.put("vm", s.vm());
        m.put("kind", kind(s));
        m.put("phase", s.phase().name());
        s.creationTime().ifPresent(t -> m.put("creationTime", t.toString()));
        m.put("crashConsistent", s.crashConsistent());
        s.size().ifPresent(size -> m.put("size", size));
        if (!s.indications().isEmpty()) {
            m.put("indications", s.indications());
        }
        s.error().ifPresent(e -> m.put("error", e));
        List<Map<String, Object>> disks = s.disks().stream().map(SnapshotView::map).toList();
        m.put("disks", disks);
        return m;
    }

    private static Map<String, Object> map(SnapshotDisk d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("disk", d.disk());
        m.put("claim", d.claim());
        d.volume().ifPresent(v -> m.put("volume", v));
        d.node().ifPresent(n -> m.put("node", n));
        d.format().ifPresent(f -> m.put("format", f));
        m.put("compressed", d.compressed());
        d.virtualSize().ifPresent(v -> m.put("virtualSize", v));
        d.size().ifPresent(v -> m.put("size", v));
        d.sha256().ifPresent(h -> m.put("sha256", h));
        return m;
    }
}
