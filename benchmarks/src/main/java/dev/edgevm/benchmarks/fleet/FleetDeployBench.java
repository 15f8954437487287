package dev.edgevm.benchmarks.fleet;

import dev.edgevm.benchmarks.Args;
import dev.edgevm.benchmarks.Machine;
import dev.edgevm.benchmarks.Measurement;
import dev.edgevm.benchmarks.RequestTally;
import dev.edgevm.benchmarks.Stats;
import dev.edgevm.core.VmSpec;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.VmManifests;
import dev.edgevm.kubevirt.model.VirtualMachine;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A fleet of stateless VMs deployed on an embedded cluster: the SDK's {@code vms().deploy} of each
 * spec against plain fabric8 making the same typed calls the SDK makes ({@code secrets()} and
 * {@code resources(VirtualMachine.class)} ... {@code create()}) on the same rendered objects, both
 * from the same number of threads, each on a fresh cluster, alternating which goes first from
 * round to round. The requests of each deploy are counted at the server while only the deploying
 * client talks to it. Each round then measures the SDK's running-waiters on a fleet of its own
 * ({@link WaiterLatency}).
 *
 * <p>Arguments: {@code [--vms 1000] [--nodes 50] [--threads 8] [--rounds 3] [--warmup-vms 100]}.
 */
public final class FleetDeployBench {

    private static final String NAMESPACE = "default";
    private static final Duration UP_WITHIN = Duration.ofMinutes(15);
    /**
     * Every waiter returns within this long of the server storing its VM Running. A waiter that
     * polled would have to ask at least once a second per VM to keep to it (1,000 reads a second
     * for this fleet), while the request count shows none: the two rows together show the waiters
     * are driven by the watch. A watch delivers a change in milliseconds; the rest of the second is
     * room for a 2-core machine starting a thousand VMs at once.
     */
    private static final double WAITER_GOAL_MILLIS = 1000;

    private FleetDeployBench() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int vms = args.integer("--vms", 1000);
        int nodes = args.integer("--nodes", 50);
        int threads = args.integer("--threads", 8);
        int rounds = args.integer("--rounds", 3);
        int warmupVms = args.integer("--warmup-vms", 100);
        String benchmark = String.format(Locale.ROOT, "Fleet deploy %,d VMs / %d nodes", vms, nodes);
        System.out.printf(Locale.ROOT, "%s: %d threads, %d rounds after a warm-up of %d VMs%n", benchmark, threads, rounds, warmupVms);
        List<VmSpec> fleet = FleetSpecs.of("fleet", vms, NAMESPACE);
        if (warmupVms > 0) {
            List<VmSpec> few = FleetSpecs.of("fleet", warmupVms, NAMESPACE);
            deploy(false, few, Math.max(1, nodes / 5), threads);
            deploy(true, few, Math.max(1, nodes / 5), threads);
            WaiterLatency.measure(few, Math.max(1, nodes / 5), threads);
        }
        List<Deploy> sdkRuns = new ArrayList<>();
        List<Deploy> referenceRuns = new ArrayList<>();
        List<WaiterLatency.Result> waiterRuns = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            boolean sdkFirst = round % 2 == 0;
            for (boolean sdk : sdkFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                Deploy d = deploy(sdk, fleet, nodes, threads);
                (sdk ? sdkRuns : referenceRuns).add(d);
                System.out.printf(Locale.ROOT, "  round %d %-9s %s%n", round, sdk ? "edgevm" : "fabric8", d);
            }
            WaiterLatency.Result w = WaiterLatency.measure(fleet, nodes, threads);
            waiterRuns.add(w);
            System.out.printf(Locale.ROOT, "  round %d waiters   %s%n", round, w);
        }
        emitDeployRows(benchmark, vms, threads, sdkRuns, referenceRuns);
        emitWaiterRows(benchmark, vms, waiterRuns);
        System.out.println(benchmark + ": load " + Machine.loadAverages());
    }

    private static void emitDeployRows(String benchmark, int vms, int threads, List<Deploy> sdkRuns, List<Deploy> referenceRuns) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < sdkRuns.size(); i++) {
            ratios.add(sdkRuns.get(i).wallSeconds() / referenceRuns.get(i).wallSeconds());
        }
        double ratio = Stats.median(ratios);
        new Measurement(benchmark, "deploy wall time s, median (min to max) of " + sdkRuns.size() + " rounds, " + threads
                + " threads; ratio: median (min to max) per-round",
                Stats.medianAndSpread("%.2f", seconds(sdkRuns)),
                Stats.medianAndSpread("%.2f", seconds(referenceRuns)) + " (fabric8 typed create)",
                Stats.medianAndSpread("%.2f", ratios), "<= 1.20", ratio <= 1.2 ? "met" : "MISSED").emit();
        RequestTally sdk = sdkRuns.get(sdkRuns.size() - 1).tally();
        RequestTally reference = referenceRuns.get(referenceRuns.size() - 1).tally();
        Measurement.ratio(benchmark, "deploy: writes per VM " + sdk.writesByResource(), sdk.writes() / (double) vms,
                reference.writes() / (double) vms, "%.3f", 1.0, false).emit();
        Measurement.info(benchmark, "deploy: all requests per VM, discovery included " + sdk.byKind(),
                Measurement.fmt("%.3f", sdk.total() / (double) vms),
                Measurement.fmt("%.3f", reference.total() / (double) vms) + " " + reference.byKind()).emit();
        Measurement.absolute(benchmark, "deploy: reads of single objects; lists + watches " + sdk.listsAndWatchesByResource(),
                sdk.gets() + "; " + sdk.lists() + " + " + sdk.watches(), reference.gets() + "; " + reference.lists() + " + "
                        + reference.watches(), "0; <= 1 list, 1 watch per kind",
                sdk.gets() == 0 && sdk.maxListsOrWatchesPerResource() <= 1).emit();
    }

    private static void emitWaiterRows(String benchmark, int vms, List<WaiterLatency.Result> runs) {
        List<Double> blocked = runs.stream().flatMap(r -> r.blocked().stream()).toList();
        int waiters = runs.stream().mapToInt(WaiterLatency.Result::waiters).sum();
        int immediate = runs.stream().mapToInt(WaiterLatency.Result::immediate).sum();
        int ambiguous = runs.stream().mapToInt(WaiterLatency.Result::ambiguous).sum();
        List<Double> resolution = runs.stream().flatMap(r -> r.resolutionMillis().stream()).toList();
        double max = Stats.max(blocked);
        Measurement.absolute(benchmark, String.format(Locale.ROOT, "running-waiters: ms from the server storing the VM Running to the"
                                + " waiter returning, median / p99 / max over the %d of %d waiters (%d rounds) called before it"
                                + " (%d returned at once, %d too close to tell; server instant known within %.1f ms, median)",
                        blocked.size(), waiters, runs.size(), immediate, ambiguous, Stats.median(resolution)),
                blocked.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f / %.1f / %.1f",
                        Stats.median(blocked), Stats.percentile(blocked, 99), max),
                "-", "every waiter <= " + Measurement.fmt("%.0f", WAITER_GOAL_MILLIS) + " ms",
                !blocked.isEmpty() && max <= WAITER_GOAL_MILLIS).emit();
        List<Double> last = runs.stream().map(WaiterLatency.Result::lastReturnAfterLastRunningMillis).toList();
        Measurement.info(benchmark, "running-waiters: ms from the last VM stored Running to the last of the " + vms
                + " waiters returning, median (min to max) of " + runs.size() + " rounds", Stats.medianAndSpread("%.1f", last), "-").emit();
        RequestTally sdk = runs.get(runs.size() - 1).sdkRequests();
        long starts = sdk.count(r -> "start".equals(r.subresource()));
        Measurement.absolute(benchmark, "running-waiters: the SDK's requests besides the " + starts + " start calls: reads of single"
                        + " objects; lists + watches " + sdk.listsAndWatchesByResource() + "; all " + sdk.byKind(),
                sdk.gets() + "; " + sdk.lists() + " + " + sdk.watches(), "-", "0; <= 1 list, 1 watch per kind",
                sdk.gets() == 0 && sdk.maxListsOrWatchesPerResource() <= 1).emit();
    }

    private static List<Double> seconds(List<Deploy> runs) {
        return runs.stream().map(Deploy::wallSeconds).toList();
    }

    /** One deploy of the fleet on a fresh cluster, by the SDK or by plain fabric8; then waits until it runs. */
    private static Deploy deploy(boolean sdk, List<VmSpec> specs, int nodes, int threads) throws Exception {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(nodes).seed(7).start();
             KubernetesClient client = cluster.newClient();
             EdgeVm edge = EdgeVm.using(client)) {
            Consumer<VmSpec> deployOne = sdk ? spec -> edge.vms().deploy(spec) : spec -> create(client, VmManifests.of(spec));
            cluster.requests().reset();
            long start = System.nanoTime();
            forEach(specs, threads, deployOne);
            long wall = System.nanoTime() - start;
            RequestTally tally = new RequestTally(cluster.requests().list());
            try (KubernetesClient observer = cluster.newClient(); RunningTimes running = new RunningTimes(observer, specs.size())) {
                if (!running.awaitAllRunning(UP_WITHIN.toMinutes(), TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the fleet was not Running within " + UP_WITHIN);
                }
            }
            return new Deploy(wall, tally);
        }
    }

    /** What the SDK's deploy sends, as plain fabric8 calls: the cloud-init Secret, then the VirtualMachine. */
    private static void create(KubernetesClient client, VmManifests manifests) {
        manifests.cloudInitSecret().ifPresent(secret -> client.secrets().inNamespace(NAMESPACE).resource(secret).create());
        client.resources(VirtualMachine.class).inNamespace(NAMESPACE).resource(manifests.virtualMachine()).create();
    }

    static <T> void forEach(List<T> items, int threads, Consumer<T> action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (T item : items) {
                done.add(pool.submit(() -> action.accept(item)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** What one deploy of the fleet took, and the requests it sent. */
    private record Deploy(long wallNanos, RequestTally tally) {

        double wallSeconds() {
            return wallNanos / 1e9;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.2f s, %d requests: %d writes, %d gets, %d lists, %d watches, %d other", wallSeconds(),
                    tally.total(), tally.writes(), tally.gets(), tally.lists(), tally.watches(), tally.others());
        }
    }
}
