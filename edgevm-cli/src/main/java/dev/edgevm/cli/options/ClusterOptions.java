package dev.edgevm.cli.options;

import dev.edgevm.cli.EdgeVmCommand;
import dev.edgevm.cli.cluster.KubeconfigContexts;
import dev.edgevm.cli.cluster.Session;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

/**
 * Which cluster and namespace a command works on. Global: given before or after the command
 * ({@code edgevm -n vms list} or {@code edgevm list -n vms}); commands that do not talk to a
 * cluster refuse them.
 */
public final class ClusterOptions {

    public static final String DEFAULT_NAMESPACE = "default";

    @Option(names = "--kubeconfig", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or the in-cluster service account).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "Kubeconfig context (default: the current one); it must exist in the kubeconfig.")
    String context;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", scope = ScopeType.INHERIT,
            description = "Namespace of the VMs (default: " + DEFAULT_NAMESPACE + ").")
    String namespace;

    @Option(names = "--embedded", scope = ScopeType.INHERIT,
            description = "Start a simulated edge cluster in this process for this one command.")
    boolean embedded;

    public Optional<Path> kubeconfig() {
        return Optional.ofNullable(kubeconfig);
    }

    public Optional<String> context() {
        return Optional.ofNullable(context);
    }

    /** The namespace given with {@code -n}, or {@value #DEFAULT_NAMESPACE}. */
    public String namespace() {
        return namespace == null ? DEFAULT_NAMESPACE : namespace;
    }

    /** The namespace only if {@code -n} was given. */
    public Optional<String> givenNamespace() {
        return Optional.ofNullable(namespace);
    }

    public boolean embedded() {
        return embedded;
    }

    /** The connection options given (not {@code -n}), as typed, for messages; empty when none. */
    Optional<String> connectionOptionGiven() {
        if (kubeconfig != null) {
            return Optional.of("--kubeconfig");
        }
        if (context != null) {
            return Optional.of("--context");
        }
        return embedded ? Optional.of("--embedded") : Optional.empty();
    }

    /**
     * Connects {@code command} as these options say; close the session when done. A context the
     * kubeconfig does not have is refused before anything is contacted (exit 2).
     */
    public Session connect(CommandSpec command) {
        if (embedded && (kubeconfig != null || context != null)) {
            throw new ParameterException(command.commandLine(), "--embedded cannot be combined with --kubeconfig or --context");
        }
        if (!embedded) {
            KubeconfigContexts.check(command.commandLine(), kubeconfig, context);
        }
        return EdgeVmCommand.of(command).connector().connect(this);
    }
}
