package dev.edgevm.cli.storage;

import picocli.CommandLine.Command;

/** {@code edgevm pv ...}: the node-local volume pool, which the runbook has the operator keep by hand. */
@Command(name = "pv", header = "Show and free the node-local volumes of stateful VMs.", synopsisSubcommandLabel = "COMMAND",
        mixinStandardHelpOptions = true, subcommands = {PvListCommand.class, PvReleaseCommand.class})
public final class PvCommand {
}
