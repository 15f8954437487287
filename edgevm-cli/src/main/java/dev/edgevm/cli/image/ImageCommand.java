package dev.edgevm.cli.image;

import picocli.CommandLine.Command;

/** {@code edgevm image ...}: local disk image files. */
@Command(name = "image", header = "Inspect local disk image files.", synopsisSubcommandLabel = "COMMAND",
        mixinStandardHelpOptions = true, subcommands = ImageInfoCommand.class)
public final class ImageCommand {
}
