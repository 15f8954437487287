package dev.edgevm.cli.options;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The global options ({@code --kubeconfig}, {@code --context}, {@code -n}, {@code --embedded},
 * {@code -o}, {@code -v}) are declared once, on {@code edgevm}, and picocli hands them down to every
 * command, so they go before or after the command's name. Here they are fitted to each command:
 * a command that does not talk to a cluster does not list the connection options, one that prints
 * no result has no {@code -o}, and one that does lists the formats it prints. Given before the
 * command's name, such an option is refused the same way (exit 2).
 */
public final class GlobalOptions {

    private static final List<String> CONNECTION = List.of("--kubeconfig", "--context", "--embedded");

    private GlobalOptions() {}

    /** Removes from each command the global options it does not take, and says which formats {@code -o} prints. */
    public static void fit(CommandLine command) {
        if (!command.getSubcommands().isEmpty()) {
            command.getSubcommands().values().forEach(GlobalOptions::fit);
            return;
        }
        CommandSpec spec = command.getCommandSpec();
        Object user = spec.userObject();
        if (!(user instanceof ClusterCommand)) {
            CONNECTION.forEach(name -> remove(spec, name));
        }
        if (!(user instanceof UsesNamespace)) {
            remove(spec, "--namespace");
        }
        OptionSpec output = spec.findOption("--output");
        if (output != null) {
            spec.remove(output);
            if (user instanceof PrintsResult prints) {
                spec.addOption(OptionSpec.builder(output).description(OutputOptions.describe(prints.formats())).build());
            }
        }
    }

    /**
     * Refuses the global options given before the command's name that {@code command} does not take
     * (after it, picocli already refuses them as unknown).
     *
     * @throws ParameterException (exit 2)
     */
    public static void check(CommandLine command, ClusterOptions cluster, OutputOptions output) {
        Object user = command.getCommandSpec().userObject();
        String name = "'" + command.getCommandSpec().qualifiedName() + "'";
        Optional<String> connection = cluster.connectionOptionGiven();
        if (!(user instanceof ClusterCommand) && connection.isPresent()) {
            throw new ParameterException(command, connection.get() + " does not apply to " + name + ": it does not talk to a cluster");
        }
        if (!(user instanceof UsesNamespace) && cluster.givenNamespace().isPresent()) {
            throw new ParameterException(command, "-n/--namespace does not apply to " + name);
        }
        if (!(user instanceof PrintsResult) && output.given()) {
            throw new ParameterException(command, "-o/--output does not apply to " + name + ": it prints no result to format");
        }
    }

    private static void remove(CommandSpec spec, String name) {
        OptionSpec option = spec.findOption(name);
        if (option != null) {
            spec.remove(option);
        }
    }
}
