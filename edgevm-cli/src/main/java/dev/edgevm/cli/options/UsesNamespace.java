package dev.edgevm.cli.options;

/** A command that takes {@code -n}: for the cluster it talks to, or for the objects it prints. */
public interface UsesNamespace {
}
