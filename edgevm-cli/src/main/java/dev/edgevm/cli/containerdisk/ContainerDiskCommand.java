package dev.edgevm.cli.containerdisk;

import picocli.CommandLine.Command;

/** {@code edgevm containerdisk ...}: container disks for stateless VMs. */
@Command(name = "containerdisk", header = "Build container disks for stateless VMs, without Docker.", synopsisSubcommandLabel = "COMMAND",
        mixinStandardHelpOptions = true, subcommands = ContainerDiskBuildCommand.class)
public final class ContainerDiskCommand {
}
