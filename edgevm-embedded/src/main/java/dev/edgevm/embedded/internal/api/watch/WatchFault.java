package dev.edgevm.embedded.internal.api.watch;

/**
 * A fault injected into an established watch in place of one of its events: the watch ends with
 * a 410 Expired ERROR event ({@code gone}) or its connection drops.
 *
 * @param applied called when the fault happens (to count it)
 */
public record WatchFault(boolean gone, Runnable applied) {
}
