package dev.edgevm.cli.storage;

import dev.edgevm.cli.EdgeVmCommand;
import dev.edgevm.cli.cluster.Session;
import dev.edgevm.cli.options.ClusterCommand;
import dev.edgevm.cli.options.OutputFormat;
import dev.edgevm.cli.options.PrintsResult;
import dev.edgevm.cli.output.Structured;
import dev.edgevm.core.KubernetesNames;
import dev.edgevm.core.Violations;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.pool.PoolVolume;
import dev.edgevm.storage.pool.ReleaseResult;
import dev.edgevm.storage.pool.VolumeOwner;
import dev.edgevm.storage.pool.VolumePool;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgevm pv release --owner VM}: the runbook's {@code kubectl delete pv} and
 * {@code rm /var/vd/vol<N>/disk.img} on the node, for the volumes of one owner (a VM, or the
 * DataVolume of a standalone upload). Volumes a claim still uses are kept and named, with what to
 * delete first; the command then exits 1.
 */
@Command(name = "release", header = "Wipe and delete the pool volumes of an owner whose claims are gone.", mixinStandardHelpOptions = true)
public final class PvReleaseCommand implements Callable<Integer>, ClusterCommand, PrintsResult {

    @Spec
    CommandSpec spec;

    @Option(names = "--owner", paramLabel = "VM",
            description = "Whose volumes: the VM (or a standalone upload's DataVolume) they were allocated for (required).")
    String owner;

    @Override
    public Integer call() {
        OutputFormat format = EdgeVmCommand.format(spec, this);
        String namespace = EdgeVmCommand.of(spec).cluster().namespace();
        Violations v = Violations.collect();
        if (owner == null) {
            v.add("--owner", "is required: the VM whose volumes to release, e.g. --owner centos-vm");
        } else {
            KubernetesNames.checkLabelName(v, "--owner", owner);
        }
        KubernetesNames.checkLabelName(v, "--namespace", namespace);
        v.throwIfAny("pv release");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        VolumeOwner whose = VolumeOwner.of(namespace, owner);
        try (Session session = EdgeVmCommand.connect(spec)) {
            VolumePool pool = EdgeStorage.of(session.edge()).pool();
            List<PoolVolume> volumes = pool.volumesOf(whose);
            if (volumes.isEmpty()) {
                err.println("error: no pool volume belongs to " + whose + " (edgevm pv list shows every owner)");
                return 1;
            }
            ReleaseResult result = pool.release(volumes);
            if (format != OutputFormat.TABLE) {
                Structured.print(out, format, map(whose, volumes, result));
            }
            for (String name : format == OutputFormat.TABLE ? result.released() : List.<String>of()) {
                out.println("released " + name + ": " + where(volumes, name) + " wiped, PersistentVolume deleted");
            }
            result.kept().forEach((name, why) -> err.println("kept " + name + ": " + why));
            if (!result.kept().isEmpty()) {
                err.println("error: " + result.kept().size() + " of " + volumes.size() + " volumes of " + whose + " are still in use;"
                        + " delete what uses them first: the VM with 'edgevm delete VM --purge-storage' (which frees them too),"
                        + " or the DataVolume with 'kubectl delete dv NAME'");
                return 1;
            }
            return 0;
        }
    }

    private static String where(List<PoolVolume> volumes, String name) {
        return volumes.stream().filter(p -> p.name().equals(name)).map(p -> p.node() + ":" + p.path()).findFirst().orElse("");
    }

    private static Map<String, Object> map(VolumeOwner owner, List<PoolVolume> volumes, ReleaseResult result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("owner", owner.toString());
        m.put("released", result.released().stream().map(name -> Map.of("volume", name, "path", where(volumes, name))).toList());
        m.put("kept", result.kept());
        return m;
    }
}
