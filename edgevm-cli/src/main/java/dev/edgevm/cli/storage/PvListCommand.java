package dev.edgevm.cli.storage;

import dev.edgevm.cli.EdgeVmCommand;
import dev.edgevm.cli.cluster.Session;
import dev.edgevm.cli.options.ClusterCommand;
import dev.edgevm.cli.options.OutputFormat;
import dev.edgevm.cli.options.PrintsResult;
import dev.edgevm.cli.output.Structured;
import dev.edgevm.cli.output.Table;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.pool.NodeUsage;
import dev.edgevm.storage.pool.PoolUsage;
import dev.edgevm.storage.pool.PoolVolume;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code edgevm pv list}: per node, how many pool volumes are in use, Released and free; then every
 * volume with its directory, owner, role, phase and claim. It answers the runbook's "which PV
 * corresponds to which VM", which the operator otherwise keeps track of by hand.
 */
@Command(name = "list", header = "Pool usage per node, and every volume with its owner, role and phase.", mixinStandardHelpOptions = true)
public final class PvListCommand implements Callable<Integer>, ClusterCommand, PrintsResult {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        OutputFormat format = EdgeVmCommand.format(spec, this);
        PoolUsage usage;
        try (Session session = EdgeVmCommand.connect(spec)) {
            usage = EdgeStorage.of(session.edge()).pool().usage();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format != OutputFormat.TABLE) {
            Structured.print(out, format, map(usage));
            return 0;
        }
        Table nodes = Table.of("NODE", "IN USE", "RELEASED", "FREE", "LIMIT");
        usage.nodes().forEach(n -> nodes.row(n.node(), n.inUse(), n.released(), n.free(), n.limit()));
        nodes.print(out);
        if (!usage.volumes().isEmpty()) {
            out.println();
            Table volumes = Table.of("VOLUME", "NODE", "PATH", "CAPACITY", "ROLE", "OWNER", "PHASE", "CLAIM");
            usage.volumes().forEach(v -> volumes.row(v.name(), v.node(), v.path(), v.capacity().map(Object::toString).orElse(null),
                    v.role().map(r -> r.label()).orElse(v.managed() ? null : "(not edgevm's)"),
                    v.owner().map(Object::toString).orElse(null), v.phase(), v.claim().map(Object::toString).orElse(null)));
            volumes.print(out);
        }
        return 0;
    }

    static Map<String, Object> map(PoolUsage usage) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nodes", usage.nodes().stream().map(PvListCommand::map).collect(Collectors.toList()));
        m.put("volumes", usage.volumes().stream().map(PvListCommand::map).collect(Collectors.toList()));
        return m;
    }

    private static Map<String, Object> map(NodeUsage n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", n.node());
        m.put("inUse", n.inUse());
        m.put("released", n.released());
        m.put("free", n.free());
        m.put("limit", n.limit());
        return m;
    }

    private static Map<String, Object> map(PoolVolume v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("node", v.node());
        m.put("index", v.index());
        m.put("path", v.path());
        m.put("capacity", v.capacity().map(Object::toString).orElse(null));
        m.put("role", v.role().map(r -> r.label()).orElse(null));
        m.put("owner", v.owner().map(Object::toString).orElse(null));
        m.put("phase", v.phase());
        m.put("claim", v.claim().map(Object::toString).orElse(null));
        m.put("managed", v.managed());
        return m;
    }
}
