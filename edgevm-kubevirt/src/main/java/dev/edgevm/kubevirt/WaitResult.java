package dev.edgevm.kubevirt;

import java.time.Duration;

/**
 * The outcome of a successful wait: the state that satisfied it, how many observations were
 * evaluated, and how long it took.
 */
public record WaitResult<T>(T value, int attempts, Duration elapsed) {}
