package dev.edgevm.cli.options;

/** A command that talks to a cluster: it takes {@code --kubeconfig}, {@code --context}, {@code --embedded} and {@code -n}. */
public interface ClusterCommand extends UsesNamespace {
}
