package dev.edgevm.cli.sriov;

import picocli.CommandLine.Command;

/** {@code edgevm sriov ...}: the SR-IOV device plugin and the VFs nodes have free, which the runbook checks by hand. */
@Command(name = "sriov", header = "Restart the SR-IOV device plugin on a node; show the VFs each node has free.",
        synopsisSubcommandLabel = "COMMAND", mixinStandardHelpOptions = true,
        subcommands = {SriovRestartCommand.class, SriovAvailabilityCommand.class})
public final class SriovCommand {
}
