package dev.edgevm.benchmarks.startup;

import dev.edgevm.benchmarks.Args;
import dev.edgevm.benchmarks.Machine;
import dev.edgevm.benchmarks.Measurement;
import dev.edgevm.benchmarks.Stats;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;

/**
 * How long an embedded cluster takes to be of use to a test: from {@code start()} to a fresh
 * fabric8 client's first answered request (a list of namespaces), and then to close it all. The
 * reference is fabric8's bare {@code KubernetesMockServer} in CRUD mode, the server the embedded
 * cluster is built on, started and asked the same way in the same run: the ratio is what the
 * cluster's controllers, nodes and CDI endpoints add. Both are measured cold (the first start in
 * a fresh JVM, as a test class that starts one sees it, in JVMs of their own) and warm (in this
 * JVM, after a few starts, as later tests of a run see it).
 *
 * <p>Arguments: {@code [--cold 3] [--warm 10]}: how many fresh JVMs each, and how many warm starts each.
 */
public final class ClusterStartBench {

    private static final String BENCHMARK = "Embedded cluster start-up";
    /** The bound: a fresh cluster and a connected client "well under 2 seconds". */
    private static final double GOAL_MILLIS = 2000;
    private static final String COLD = "COLD ";
    /** The bare mock server logs every request through java.util.logging; the embedded cluster is quiet, so is this. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private ClusterStartBench() {}

    /** Milliseconds: to a first answered request, and to closed. */
    private record Start(double readyMillis, double closeMillis) {}

    public static void main(String[] argv) throws Exception {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        Args args = new Args(argv);
        String once = args.text("--once", null);
        if (once != null) {
            Start s = start(once.equals("edgevm"));
            System.out.printf(Locale.ROOT, "%s%.3f %.3f%n", COLD, s.readyMillis(), s.closeMillis());
            return;
        }
        int coldRuns = args.integer("--cold", 3);
        int warmRuns = args.integer("--warm", 10);
        System.out.printf(Locale.ROOT, "%s: %d fresh JVMs and %d warm starts each%n", BENCHMARK, coldRuns, warmRuns);
        List<Start> coldSdk = new ArrayList<>();
        List<Start> coldMock = new ArrayList<>();
        for (int i = 0; i < coldRuns; i++) {
            coldSdk.add(inFreshJvm("edgevm"));
            coldMock.add(inFreshJvm("mock"));
        }
        for (int i = 0; i < 3; i++) {
            start(true);
            start(false);
        }
        List<Start> warmSdk = new ArrayList<>();
        List<Start> warmMock = new ArrayList<>();
        for (int i = 0; i < warmRuns; i++) {
            warmSdk.add(start(true));
            warmMock.add(start(false));
        }
        System.out.printf(Locale.ROOT, "  cold edgevm %s; mock %s%n  warm edgevm %s; mock %s%n", coldSdk, coldMock, warmSdk, warmMock);
        emit("first start in a fresh JVM, to a client's first answer: ms, median (min to max) of " + coldRuns + " JVMs",
                ready(coldSdk), ready(coldMock), true);
        emit("warm start, to a client's first answer: ms, median (min to max) of " + warmRuns, ready(warmSdk), ready(warmMock), true);
        emit("warm close: ms, median (min to max) of " + warmRuns, closing(warmSdk), closing(warmMock), false);
        System.out.println(BENCHMARK + ": load " + Machine.loadAverages());
    }

    private static void emit(String measure, List<Double> sdk, List<Double> mock, boolean withGoal) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < sdk.size(); i++) {
            ratios.add(sdk.get(i) / mock.get(i));
        }
        double max = Stats.max(sdk);
        new Measurement(BENCHMARK, measure + "; ratio: median (min to max) of pairs", Stats.medianAndSpread("%.0f", sdk),
                Stats.medianAndSpread("%.0f", mock) + " (fabric8 KubernetesMockServer, CRUD)", Stats.medianAndSpread("%.1f", ratios),
                withGoal ? "every one < " + Measurement.fmt("%.0f", GOAL_MILLIS) + " ms" : "-",
                withGoal ? (max < GOAL_MILLIS ? "met" : "MISSED") : "-").emit();
    }

    private static List<Double> ready(List<Start> starts) {
        return starts.stream().map(Start::readyMillis).toList();
    }

    private static List<Double> closing(List<Start> starts) {
        return starts.stream().map(Start::closeMillis).toList();
    }

    /** One start, a fresh client's first request, and closing both: the embedded cluster, or the bare mock server. */
    private static Start start(boolean edgevm) throws Exception {
        long start = System.nanoTime();
        AutoCloseable server;
        KubernetesClient client;
        if (edgevm) {
            EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().start();
            server = cluster;
            client = cluster.newClient();
        } else {
            KubernetesMockServer mock = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                    new KubernetesCrudDispatcher(), false);
            mock.init();
            server = mock::destroy;
            client = mock.createClient();
        }
        client.namespaces().list();
        long ready = System.nanoTime();
        client.close();
        server.close();
        return new Start((ready - start) / 1e6, (System.nanoTime() - ready) / 1e6);
    }

    /** One cold start, in a JVM of its own with the suite's logging settings. */
    private static Start inFreshJvm(String which) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        for (String property : List.of("org.slf4j.simpleLogger.defaultLogLevel", "org.slf4j.simpleLogger.log.io.netty")) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ClusterStartBench.class.getName(), "--once", which));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String answer = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith(COLD)) {
                    answer = line.substring(COLD.length());
                }
            }
        }
        if (p.waitFor() != 0 || answer == null) {
            throw new IllegalStateException("the cold start of " + which + " failed (exit " + p.exitValue() + ")");
        }
        String[] f = answer.split(" ");
        return new Start(Double.parseDouble(f[0]), Double.parseDouble(f[1]));
    }
}
