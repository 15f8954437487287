package dev.edgevm.cli.snapshot;

import picocli.CommandLine.Command;

/** {@code edgevm snapshot ...}: snapshots of VM disks, restores and downloads. */
@Command(name = "snapshot", header = "Take, list, restore, export and delete snapshots of VM disks.",
        synopsisSubcommandLabel = "COMMAND", mixinStandardHelpOptions = true,
        description = {"", "Disks on node-local volumes are copied on their node with qemu-img (the VM must be stopped,"
                + " or --paused-ok); disks on CSI storage with snapshot support through KubeVirt's VirtualMachineSnapshot.", ""},
        subcommands = {SnapshotTakeCommand.class, SnapshotListCommand.class, SnapshotRestoreCommand.class,
            SnapshotExportCommand.class, SnapshotDeleteCommand.class})
public final class SnapshotCommand {
}
