package dev.edgevm.cli.options;

import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

/** {@code -o table|yaml|json}, global like the cluster options; each command says which it prints. */
public final class OutputOptions {

    static final String DESCRIPTION = "Output format: table, yaml or json.";

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", scope = ScopeType.INHERIT, description = DESCRIPTION)
    OutputFormat format;

    /** Whether {@code -o} was given. */
    public boolean given() {
        return format != null;
    }

    /**
     * The format {@code command} prints: the one asked for, or its default.
     *
     * @throws ParameterException (exit code 2) when it does not print that format
     */
    public OutputFormat format(CommandSpec spec, PrintsResult command) {
        List<OutputFormat> supported = command.formats();
        OutputFormat chosen = format == null ? supported.get(0) : format;
        if (!supported.contains(chosen)) {
            throw new ParameterException(spec.commandLine(), "'" + spec.qualifiedName() + "' prints " + names(supported) + ", not " + chosen);
        }
        return chosen;
    }

    /** {@code yaml (the default) or json}, for a command's help. */
    static String describe(List<OutputFormat> formats) {
        return "Output format: " + formats.get(0) + " (default)" + (formats.size() == 1 ? "." : " or "
                + names(formats.subList(1, formats.size())) + ".");
    }

    private static String names(List<OutputFormat> formats) {
        return formats.stream().map(OutputFormat::toString).collect(Collectors.joining(" or "));
    }
}
