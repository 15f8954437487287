package dev.edgevm.cli.vm;

import dev.edgevm.cli.output.Table;
import dev.edgevm.kubevirt.VmCondition;
import dev.edgevm.kubevirt.VmInterface;
import dev.edgevm.kubevirt.VmStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A VM's status as a table row ({@code kubectl get vm} plus what {@code get vmi} adds) or as a map for YAML and JSON. */
final class VmStatusView {

    private VmStatusView() {}

    static Table table() {
        return Table.of("NAME", "STATUS", "READY", "NODE", "IP", "RUN STRATEGY");
    }

    static void addRow(Table table, VmStatus vm) {
        table.row(vm.name(), vm.printableStatus(), vm.ready(), vm.node().orElse(null), vm.ipAddress().orElse(null),
                vm.runStrategy().orElse(null));
    }

    static Map<String, Object> map(VmStatus vm) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", vm.name());
        m.put("namespace", vm.namespace());
        m.put("status", vm.printableStatus());
        m.put("ready", vm.ready());
        vm.runStrategy().ifPresent(r -> m.put("runStrategy", r));
        vm.phase().ifPresent(p -> m.put("phase", p));
        vm.node().ifPresent(n -> m.put("node", n));
        vm.ipAddress().ifPresent(ip -> m.put("ipAddress", ip));
        m.put("interfaces", vm.interfaces().stream().map(VmStatusView::map).collect(Collectors.toList()));
        m.put("conditions", vm.conditions().stream().map(VmStatusView::map).collect(Collectors.toList()));
        return m;
    }

    static List<Map<String, Object>> maps(List<VmStatus> vms) {
        return vms.stream().map(VmStatusView::map).collect(Collectors.toList());
    }

    private static Map<String, Object> map(VmInterface nic) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", nic.name());
        if (nic.mac() != null) {
            m.put("mac", nic.mac());
        }
        m.put("ipAddresses", nic.ipAddresses());
        if (nic.interfaceName() != null) {
            m.put("interfaceName", nic.interfaceName());
        }
        return m;
    }

    private static Map<String, Object> map(VmCondition c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", c.source());
        m.put("type", c.type());
        m.put("status", c.status());
        c.reasonIfAny().ifPresent(r -> m.put("reason", r));
        if (c.message() != null && !c.message().isEmpty()) {
            m.put("message", c.message());
        }
        return m;
    }
}
