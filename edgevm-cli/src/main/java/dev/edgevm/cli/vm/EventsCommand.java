package dev.edgevm.cli.vm;

import dev.edgevm.cli.cluster.Session;
import dev.edgevm.cli.options.OutputFormat;
import dev.edgevm.cli.options.PrintsResult;
import dev.edgevm.cli.output.Structured;
import dev.edgevm.cli.output.Table;
import dev.edgevm.kubevirt.VmEvent;
import dev.edgevm.kubevirt.VmResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** {@code edgevm events NAME}: the events of the VM, its instance and its launcher pod, newest first. */
@Command(name = "events", header = "Show the events of a VM, its instance and its launcher pod.", mixinStandardHelpOptions = true)
public final class EventsCommand extends VmCommand implements PrintsResult {

    @Override
    int run(VmResource vm, Session session) {
        List<VmEvent> events = vm.events();
        if (format != OutputFormat.TABLE) {
            Structured.print(out(), format, events.stream().map(EventsCommand::map).collect(Collectors.toList()));
            return 0;
        }
        if (events.isEmpty()) {
            spec.commandLine().getErr().println("No events for " + ref(vm) + ".");
            return 0;
        }
        Table table = Table.of("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
        events.forEach(e -> table.row(e.time(), e.type(), e.reason(), e.object(), e.message() + (e.count() > 1 ? " (x" + e.count() + ")" : "")));
        table.print(out());
        return 0;
    }

    private static Map<String, Object> map(VmEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", String.valueOf(e.time()));
        m.put("type", e.type());
        m.put("reason", e.reason());
        m.put("object", e.object());
        m.put("message", e.message());
        m.put("count", e.count());
        return m;
    }
}
