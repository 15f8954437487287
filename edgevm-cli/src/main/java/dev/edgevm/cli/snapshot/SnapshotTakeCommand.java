package dev.edgevm.cli.snapshot;

import dev.edgevm.cli.cluster.Session;
import dev.edgevm.storage.snapshot.Snapshot;
import dev.edgevm.storage.snapshot.SnapshotOptions;
import dev.edgevm.storage.snapshot.Snapshots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edgevm snapshot take VM NAME [--compress] [--paused-ok]}: the runbook's
 * {@code qemu-img convert -f raw -O qcow2 disk.img ...} on the node, without logging into it.
 */
@Command(name = "take", header = "Snapshot a VM's disks.", mixinStandardHelpOptions = true)
public final class SnapshotTakeCommand extends SnapshotSubcommand {

    @Parameters(index = "0", paramLabel = "VM", description = "The VM whose disks to copy; it must be stopped.")
    String vm;

    @Parameters(index = "1", paramLabel = "NAME", description = "The snapshot's name, unique in the namespace.")
    String name;

    @Option(names = "--compress", description = "Write compressed qcow2 clusters (qemu-img convert -c): smaller, slower.")
    boolean compress;

    @Option(names = "--paused-ok", description = "Accept a crash-consistent copy of a running VM, paused for the copy.")
    boolean pausedOk;

    @Override
    int run(Snapshots snapshots, Session session) {
        Snapshot taken = snapshots.take(vm, name, SnapshotOptions.builder().compress(compress).pausedOk(pausedOk).build(), progress());
        return print(out -> {
            out.println("snapshot " + taken.namespace() + "/" + taken.name() + " of VM " + taken.vm() + " is ready ("
                    + SnapshotView.kind(taken) + (taken.crashConsistent() ? ", crash-consistent" : "") + ")");
            taken.disks().forEach(d -> out.println("  " + SnapshotView.describe(d)));
            taken.indications().forEach(i -> out.println("  KubeVirt indication: " + i));
        }, SnapshotView.map(taken));
    }
}
