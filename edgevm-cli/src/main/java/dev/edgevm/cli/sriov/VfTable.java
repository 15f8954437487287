package dev.edgevm.cli.sriov;

import dev.edgevm.cli.output.Table;
import dev.edgevm.sriov.VfCount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** VF counts per node and resource, as a table or as maps for {@code -o yaml|json}. */
final class VfTable {

    private final List<Map<String, Object>> rows = new ArrayList<>();

    /** Adds the resources of one node, sorted by name. */
    VfTable node(String node, Map<String, VfCount> resources) {
        new TreeMap<>(resources).forEach((resource, count) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("node", node);
            row.put("resource", resource);
            row.put("capacity", count.capacity());
            row.put("allocatable", count.allocatable());
            row.put("used", count.used());
            row.put("free", count.free());
            rows.add(row);
        });
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    List<Map<String, Object>> rows() {
        return rows;
    }

    Table table() {
        Table table = Table.of("NODE", "RESOURCE", "CAPACITY", "ALLOCATABLE", "USED", "FREE");
        rows.forEach(r -> table.row(r.get("node"), r.get("resource"), r.get("capacity"), r.get("allocatable"), r.get("used"), r.get("free")));
        return table;
    }
}
