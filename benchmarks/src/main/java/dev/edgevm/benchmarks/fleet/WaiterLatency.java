package dev.edgevm.benchmarks.fleet;

import dev.edgevm.benchmarks.RequestTally;
import dev.edgevm.benchmarks.Stats;
import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.VmSpec;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How long the SDK's running-waiters take to return once the server has stored the state they
 * wait for. The fleet is deployed halted, one running-waiter per VM is called, then every VM is
 * started: the waiters are blocked when their VM starts, as a caller's are while a fleet comes up.
 * The instant each VM became Running is the server's ({@link ServerClock}: when the store wrote
 * the later of its VMI's phase and its printableStatus), not one of the SDK's callbacks, which are
 * what wake the waiters up. A waiter called before that instant was blocked on the watch; one
 * called after it returned at once, from the informer's copy.
 */
final class WaiterLatency {

    private static final Duration UP_WITHIN = Duration.ofMinutes(15);

    /** One waiter: when it was called and returned (System.nanoTime), and when the server stored its VM Running. */
    private record Waiter(long called, long returned, ServerClock.Bracket stored) {

        boolean blocked() {
            return called < stored.earliest();
        }

        boolean immediate() {
            return stored.latest() < called;
        }

        /** From the earliest instant the server can have stored the state to the return: never less than the true latency. */
        double latencyMillis() {
            return (returned - stored.earliest()) / 1e6;
        }
    }

    /**
     * What the waiters of one fleet did.
     *
     * @param waiters         how many were called
     * @param blocked         latencies (ms) of those called before the server stored their VM Running
     * @param immediate       how many were called after it was stored (they return from the informer's copy)
     * @param resolutionMillis the width of each waiter's server-side bracket
     * @param lastReturnAfterLastRunningMillis from the last VM stored Running to the last waiter returned
     * @param sdkRequests     the SDK's requests while the waiters waited (the start calls included)
     */
    record Result(int waiters, List<Double> blocked, int immediate, List<Double> resolutionMillis,
                  double lastReturnAfterLastRunningMillis, RequestTally sdkRequests) {

        int ambiguous() {
            return waiters - blocked.size() - immediate;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d waiters: %d blocked (ms from stored Running to return: median %.1f, max %.1f;"
                            + " server instant known within %.1f ms, median), %d returned at once, %d too close to tell; the last returned"
                            + " %.1f ms after the last VM was stored Running; %d SDK requests",
                    waiters, blocked.size(), Stats.median(blocked), Stats.max(blocked), Stats.median(resolutionMillis), immediate,
                    ambiguous(), lastReturnAfterLastRunningMillis, sdkRequests.total());
        }
    }

    private WaiterLatency() {}

    static Result measure(List<VmSpec> fleet, int nodes, int threads) throws Exception {
        List<VmSpec> halted = fleet.stream().map(s -> s.toBuilder().runStrategy(RunStrategy.HALTED).build()).toList();
        String namespace = fleet.get(0).namespace().orElseThrow();
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(nodes).seed(7).start();
             KubernetesClient client = cluster.newClient();
             KubernetesClient observerClient = cluster.newClient();
             EdgeVm edge = EdgeVm.using(client)) {
            FleetDeployBench.forEach(halted, threads, spec -> edge.vms().deploy(spec));
            try (RunningTimes running = new RunningTimes(observerClient, fleet.size())) {
                ServerClock clock = new ServerClock(cluster.masterUrl(), namespace);
                List<long[]> times;
                RequestTally all;
                try {
                    cluster.requests().reset();
                    times = startAndWait(edge, fleet, threads, namespace);
                    if (!running.awaitAllRunning(UP_WITHIN.toMinutes(), TimeUnit.MINUTES)) {
                        throw new IllegalStateException("the observer did not see the fleet Running within " + UP_WITHIN);
                    }
                    all = new RequestTally(cluster.requests().list());
                    clock.awaitRead(fleet.stream().mapToLong(s -> running.runningVersion(s.name()).orElseThrow()).max().orElseThrow());
                } finally {
                    clock.close();
                }
                List<Waiter> waiters = new ArrayList<>();
                for (long[] t : times) {
                    long version = running.runningVersion(fleet.get((int) t[0]).name()).orElseThrow();
                    waiters.add(new Waiter(t[1], t[2], clock.stored(version).orElseThrow()));
                }
                return result(waiters, all.of(r -> !RunningTimes.isOwnRequest(r) && !ServerClock.isOwnRequest(r)));
            }
        }
    }

    /**
     * Calls one running-waiter per VM, each on a thread of its own, then starts every VM; returns,
     * per waiter, {index of its VM, when it was called, when it returned} (System.nanoTime).
     */
    private static List<long[]> startAndWait(EdgeVm edge, List<VmSpec> fleet, int threads, String namespace) throws Exception {
        List<Thread> waiters = new ArrayList<>();
        List<long[]> times = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch called = new CountDownLatch(fleet.size());
        for (int i = 0; i < fleet.size(); i++) {
            String vm = fleet.get(i).name();
            int index = i;
            Thread t = new Thread(() -> {
                try {
                    long at = System.nanoTime();
                    called.countDown();
                    edge.vms().inNamespace(namespace).withName(vm).await().running(UP_WITHIN);
                    times.add(new long[] {index, at, System.nanoTime()});
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }, "waiter-" + vm);
            t.start();
            waiters.add(t);
        }
        called.await();
        FleetDeployBench.forEach(fleet, threads, spec -> edge.vms().inNamespace(namespace).withName(spec.name()).start());
        for (Thread t : waiters) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " waiters failed, the first: " + failures.get(0), failures.get(0));
        }
        return times;
    }

    private static Result result(List<Waiter> waiters, RequestTally sdk) {
        List<Double> blocked = waiters.stream().filter(Waiter::blocked).map(Waiter::latencyMillis).toList();
        int immediate = (int) waiters.stream().filter(Waiter::immediate).count();
        List<Double> resolution = waiters.stream().map(w -> w.stored().widthNanos() / 1e6).toList();
        long lastStored = waiters.stream().mapToLong(w -> w.stored().earliest()).max().orElseThrow();
        long lastReturned = waiters.stream().mapToLong(Waiter::returned).max().orElseThrow();
        return new Result(waiters.size(), blocked, immediate, resolution, (lastReturned - lastStored) / 1e6, sdk);
    }
}
