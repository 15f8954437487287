package dev.edgevm.embedded.internal.jobs;

import java.util.Set;

/** Commands the cluster's builder allows jobs to run, on top of the defaults. */
public record JobSettings(Set<String> extraCommands) {
}
