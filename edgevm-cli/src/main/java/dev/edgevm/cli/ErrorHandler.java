package dev.edgevm.cli;

import dev.edgevm.core.ClusterUnreachableException;
import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.InvalidSpecException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place that turns failures into messages and exit codes: 2 for what the user typed
 * (usage errors, invalid specs, every bad field named), 1 for everything else. A stack trace only
 * with {@code -v}; the SDK's messages already say what failed, on which object, and what to do.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("error: " + ex.getMessage());
        if (!UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println("Usage: " + cmd.getHelp().synopsis(0).stripTrailing());
        }
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean verbose = verbose(parsed);
        int code;
        if (ex instanceof ParameterException p) {
            return handleParseException(p, new String[0]);
        } else if (ex instanceof InvalidSpecException invalid) {
            err.println("error: " + invalid.getMessage());
            code = CommandLine.ExitCode.USAGE;
        } else if (ex instanceof ClusterUnreachableException unreachable) {
            err.println("error: " + unreachable.getMessage());
            err.println("hint: check --kubeconfig and --context, or try --embedded for a simulated cluster");
            code = CommandLine.ExitCode.SOFTWARE;
        } else if (ex instanceof EdgeVmException sdk) {
            err.println("error: " + sdk.getMessage());
            code = CommandLine.ExitCode.SOFTWARE;
        } else if (ex instanceof KubernetesClientException k) {
            // Raised before the SDK translates anything, e.g. by reading a kubeconfig.
            err.println("error: " + k.getMessage());
            code = CommandLine.ExitCode.SOFTWARE;
        } else if (ex instanceof UncheckedIOException io) {
            err.println("error: " + io.getMessage());
            code = CommandLine.ExitCode.SOFTWARE;
        } else {
            err.println("error: unexpected " + ex + (verbose ? "" : " (run with -v for the stack trace)"));
            code = CommandLine.ExitCode.SOFTWARE;
        }
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /** Whether {@code -v} was given to the command that failed (or any command above it). */
    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("-v")) {
                return true;
            }
        }
        return false;
    }
}
