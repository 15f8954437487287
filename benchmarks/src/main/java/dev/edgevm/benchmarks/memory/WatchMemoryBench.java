package dev.edgevm.benchmarks.memory;

import dev.edgevm.benchmarks.Args;
import dev.edgevm.benchmarks.HeapHistogram;
import dev.edgevm.benchmarks.Machine;
import dev.edgevm.benchmarks.Measurement;
import dev.edgevm.benchmarks.fleet.FleetSpecs;
import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.VmSpec;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.VirtualMachineInstance;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The heap an {@code EdgeVm} client holds while it watches a fleet: its shared informers on VMs
 * and VMIs, filled with the fleet, and one running-waiter per VM pending. The reference is what
 * plain fabric8 informers on the same two kinds hold, in the same JVM and run. The cluster runs in
 * a JVM of its own, so this heap holds only the clients.
 *
 * <p>Method: live-object histograms ({@code GC.class_histogram}, which runs a full collection
 * first) before and after; the difference is what the client retains. Both clients are started
 * and closed once before measuring, so that class initialisation and static caches (Jackson's
 * serializers, fabric8's handlers) are in the baseline and not charged to either. Thread stacks
 * are native memory, not heap: they are reported as a thread count.
 *
 * <p>Arguments: {@code [--vms 1000] [--nodes 50]}.
 */
public final class WatchMemoryBench {

    /** Live threads of this JVM while no client is open; measured at start. */
    private static int IDLE_THREADS;

    private WatchMemoryBench() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int vms = args.integer("--vms", 1000);
        int nodes = args.integer("--nodes", 50);
        String benchmark = String.format(Locale.ROOT, "Memory: client watching %,d VMs", vms);
        IDLE_THREADS = Thread.activeCount();
        Path dir = Files.createTempDirectory("edgevm-memory-bench");
        Path kubeconfig = dir.resolve("kubeconfig");
        Process cluster = new ProcessBuilder(javaBinary(), "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "-cp", System.getProperty("java.class.path"), FleetClusterProcess.class.getName(), kubeconfig.toString(),
                Integer.toString(vms), Integer.toString(nodes)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            awaitReady(cluster);
            Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
            List<VmSpec> fleet = FleetSpecs.of("fleet", vms, "default");
            // Warm-up: both clients once, so one-off class and cache initialisation lands in the baseline.
            referenceRetained(config, vms);
            sdkRetained(kubeconfig, fleet);

            long reference = referenceRetained(config, vms);
            long[] sdk = sdkRetained(kubeconfig, fleet);
            System.out.printf(Locale.ROOT, "  fabric8 informers %.1f MiB; edgevm informers %.1f MiB, with %d waiters %.1f MiB%n",
                    mib(reference), mib(sdk[0]), vms, mib(sdk[1]));
            new Measurement(benchmark, "retained heap MiB: EdgeVm with shared informers and " + vms + " pending waiters"
                    + " (ratio: vs plain fabric8 informers on VMs and VMIs)",
                    Measurement.fmt("%.1f", mib(sdk[1])), Measurement.fmt("%.1f", mib(reference)) + " (fabric8 informers)",
                    Measurement.fmt("%.2f", sdk[1] / (double) reference), "-", "-").emit();
            new Measurement(benchmark, "retained heap MiB: EdgeVm informers alone, no waiters",
                    Measurement.fmt("%.1f", mib(sdk[0])), Measurement.fmt("%.1f", mib(reference)) + " (fabric8 informers)",
                    Measurement.fmt("%.2f", sdk[0] / (double) reference), "-", "-").emit();
            Measurement.info(benchmark, "retained heap KiB per VM, with waiters",
                    Measurement.fmt("%.1f", sdk[1] / 1024.0 / vms), Measurement.fmt("%.1f", reference / 1024.0 / vms)).emit();
            System.out.println(benchmark + ": load " + Machine.loadAverages());
        } finally {
            cluster.getOutputStream().close();
            cluster.waitFor();
            Files.deleteIfExists(kubeconfig);
            Files.deleteIfExists(dir);
        }
    }

    /** Plain fabric8 informers on VMs and VMIs, filled: the heap they retain. */
    private static long referenceRetained(Config config, int vms) throws InterruptedException {
        HeapHistogram before = HeapHistogram.settled(IDLE_THREADS);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            SharedIndexInformer<VirtualMachine> vmInformer = client.resources(VirtualMachine.class).inNamespace("default").inform();
            SharedIndexInformer<VirtualMachineInstance> vmiInformer =
                    client.resources(VirtualMachineInstance.class).inNamespace("default").inform();
            if (vmInformer.getStore().list().size() != vms || vmiInformer.getStore().list().size() != vms) {
                throw new IllegalStateException("the informers do not hold the fleet");
            }
            HeapHistogram after = HeapHistogram.settled(Integer.MAX_VALUE);
            System.out.println("  fabric8 informers' growth, top classes: " + after.topGrowth(before, 8));
            vmInformer.close();
            vmiInformer.close();
            return after.totalBytes() - before.totalBytes();
        }
    }

    /** An EdgeVm's retained heap: with its informers filled, then also with a running-waiter per VM pending. */
    private static long[] sdkRetained(Path kubeconfig, List<VmSpec> fleet) throws InterruptedException {
        HeapHistogram before = HeapHistogram.settled(IDLE_THREADS);
        List<Thread> waiters = new ArrayList<>();
        try (EdgeVm edge = EdgeVm.connect(o -> o.kubeconfig(kubeconfig))) {
            ClusterAccess cache = (ClusterAccess) edge;
            String last = fleet.get(fleet.size() - 1).name();
            if (cache.cached(VirtualMachine.class, "default", last).isEmpty()
                    || cache.cached(VirtualMachineInstance.class, "default", last).isEmpty()) {
                throw new IllegalStateException("the SDK's informers do not hold the fleet");
            }
            HeapHistogram informers = HeapHistogram.settled(Integer.MAX_VALUE);
            for (VmSpec spec : fleet) {
                // Paused never comes: each waiter stays subscribed until it is interrupted.
                Thread t = new Thread(() -> {
                    try {
                        edge.vms().withName(spec.name()).await().paused(Duration.ofHours(1));
                    } catch (EdgeVmException interrupted) {
                        // the benchmark is over
                    }
                }, "waiter-" + spec.name());
                t.start();
                waiters.add(t);
            }
            for (Thread t : waiters) {
                while (t.getState() != Thread.State.TIMED_WAITING) {
                    Thread.sleep(5); // a benchmark, not a test: wait for every waiter to block on its result
                }
            }
            HeapHistogram withWaiters = HeapHistogram.settled(Integer.MAX_VALUE);
            System.out.println("  EdgeVm's growth with waiters, top classes: " + withWaiters.topGrowth(before, 8));
            return new long[] {informers.totalBytes() - before.totalBytes(), withWaiters.totalBytes() - before.totalBytes()};
        } finally {
            waiters.forEach(Thread::interrupt);
            for (Thread t : waiters) {
                t.join();
            }
        }
    }

    private static void awaitReady(Process cluster) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(cluster.getInputStream(), StandardCharsets.UTF_8));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.equals("READY")) {
                return;
            }
        }
        throw new IllegalStateException("the cluster process ended before its fleet was up");
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
