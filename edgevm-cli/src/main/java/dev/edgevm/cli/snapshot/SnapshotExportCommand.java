package dev.edgevm.cli.snapshot;

import dev.edgevm.cli.cluster.Session;
import dev.edgevm.cli.output.ProgressDisplay;
import dev.edgevm.storage.snapshot.Snapshot;
import dev.edgevm.storage.snapshot.SnapshotDownload;
import dev.edgevm.storage.snapshot.Snapshots;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edgevm snapshot export NAME --to FILE}: the runbook's "copy the qcow2 file to the
 * controller", through KubeVirt's VirtualMachineExport, checked against the recorded checksum.
 */
@Command(name = "export", header = "Download a snapshot disk to a local file.", mixinStandardHelpOptions = true)
public final class SnapshotExportCommand extends SnapshotSubcommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The snapshot.")
    String name;

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "The file to write (qcow2 for node-local snapshots).")
    Path file;

    @Option(names = "--disk", paramLabel = "DISK", description = "Which disk, for snapshots of several (e.g. rootdisk).")
    String disk;

    @Override
    int run(Snapshots snapshots, Session session) {
        Snapshot snapshot = snapshots.require(name);
        SnapshotDownload download = disk == null ? snapshots.export(snapshot, file, progress())
                : snapshots.export(snapshot, disk, file, progress());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("snapshot", name);
        result.put("file", download.file().toString());
        result.put("format", download.format());
        result.put("bytes", download.bytes());
        result.put("sha256", download.sha256());
        result.put("checksumVerified", download.checksumVerified());
        return print(out -> out.println(download.file() + ": " + download.format() + ", " + ProgressDisplay.bytes(download.bytes())
                + ", sha256 " + download.sha256()
                + (download.checksumVerified() ? " (matches the snapshot's)" : " (no checksum recorded to compare)")), result);
    }
}
