package dev.edgevm.cli.vm;

import picocli.CommandLine.Command;

/** {@code edgevm render ...}: what a command would create, printed instead of sent. */
@Command(name = "render", header = "Print the objects a deploy would create, without a cluster.",
        synopsisSubcommandLabel = "COMMAND", mixinStandardHelpOptions = true,
        subcommands = RenderVmCommand.class)
public final class RenderCommand {
}
