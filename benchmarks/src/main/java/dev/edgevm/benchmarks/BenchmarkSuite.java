package dev.edgevm.benchmarks;

import dev.edgevm.benchmarks.fleet.FleetDeployBench;
import dev.edgevm.benchmarks.memory.WatchMemoryBench;
import dev.edgevm.benchmarks.pool.PoolContentionBench;
import dev.edgevm.benchmarks.startup.ClusterStartBench;
import dev.edgevm.benchmarks.upload.UploadThroughputBench;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the benchmarks, each in a JVM of its own with the heap it is meant to run in (the upload
 * in 64 MiB), collects their rows and prints one table, with the machine and its load. Arguments:
 * the benchmarks to run ({@code startup upload fleet pool memory}, or one upload size:
 * {@code upload-256m}, {@code upload-2g}; default all) and {@code --quick} for tiny sizes and few
 * rounds that only try the harness. The table is also written as Markdown to
 * {@code benchmarks/target/benchmark-results.md}.
 */
public final class BenchmarkSuite {

    private static final List<String> QUIET = List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
            "-Dorg.slf4j.simpleLogger.log.io.netty=off");

    private BenchmarkSuite() {}

    /** One benchmark JVM: its heap limit, main class and arguments. */
    private record Job(String name, String heap, Class<?> main, List<String> args) {

        /** Whether the arguments chose this job: by its name, or by the name before its dash ("upload" for "upload-2g"). */
        boolean chosenBy(List<String> selected) {
            return selected.isEmpty() || selected.contains(name) || selected.contains(name.split("-")[0]);
        }
    }

    public static void main(String[] args) throws Exception {
        boolean quick = new Args(args).flag("--quick");
        List<String> selected = new ArrayList<>();
        for (String a : args) {
            if (!a.startsWith("--")) {
                selected.add(a);
            }
        }
        List<Job> jobs = new ArrayList<>();
        for (Job job : jobs(quick)) {
            if (job.chosenBy(selected)) {
                jobs.add(job);
            }
        }
        if (jobs.isEmpty()) {
            System.err.println("no such benchmark: " + selected + "; choose from startup, upload (upload-256m, upload-2g), fleet, pool, memory");
            System.exit(2);
        }
        String loadBefore = Machine.loadAverages();
        Instant start = Instant.now();
        System.out.println("machine: " + Machine.describe());
        System.out.println("load average (1, 5, 15 min) before: " + loadBefore);
        List<Measurement> rows = new ArrayList<>();
        Map<String, String> loads = new LinkedHashMap<>();
        for (Job job : jobs) {
            String load = Machine.loadAverages();
            System.out.println("== " + job.name() + " (load " + load + ")");
            rows.addAll(run(job));
            loads.put(job.name(), load);
        }
        String loadAfter = Machine.loadAverages();
        System.out.println();
        System.out.println(ResultTable.text(rows));
        System.out.printf(Locale.ROOT, "load average before: %s; per benchmark at its start: %s; after: %s; %d cores; took %d min%n",
                loadBefore, loads, loadAfter, Machine.cores(), Duration.between(start, Instant.now()).toMinutes());
        Path out = Path.of("benchmarks", "target", "benchmark-results.md");
        if (Files.isDirectory(out.getParent())) {
            Files.writeString(out, ResultTable.markdown(rows) + "\nMachine: " + Machine.describe() + "\n\nLoad average before: "
                    + loadBefore + "; at the start of each benchmark: " + loads + "; after: " + loadAfter + "\n");
            System.out.println("written to " + out);
        }
        if (rows.stream().anyMatch(r -> r.verdict().equals("MISSED"))) {
            System.out.println("some goals were missed: see the rows marked MISSED");
        }
    }

    private static List<Job> jobs(boolean quick) {
        return List.of(
                new Job("startup", "-Xmx256m", ClusterStartBench.class,
                        quick ? List.of("--cold", "1", "--warm", "2") : List.of("--cold", "5", "--warm", "10")),
                new Job("upload-256m", "-Xmx64m", UploadThroughputBench.class,
                        quick ? List.of("--sizes", "16m", "--rounds", "2", "--warmup", "1")
                                : List.of("--sizes", "256m", "--rounds", "7", "--warmup", "2")),
                new Job("upload-2g", "-Xmx64m", UploadThroughputBench.class,
                        quick ? List.of("--sizes", "32m", "--rounds", "2", "--warmup", "0")
                                : List.of("--sizes", "2g", "--rounds", "5", "--warmup", "1")),
                new Job("fleet", "-Xmx3g", FleetDeployBench.class,
                        quick ? List.of("--vms", "40", "--nodes", "4", "--rounds", "2", "--warmup-vms", "10")
                                : List.of("--vms", "1000", "--nodes", "50", "--rounds", "3", "--warmup-vms", "100")),
                new Job("pool", "-Xmx3g", PoolContentionBench.class,
                        quick ? List.of("--nodes", "4", "--volumes", "16", "--rounds", "2")
                                : List.of("--nodes", "50", "--volumes", "64", "--rounds", "3")),
                new Job("memory", "-Xmx512m", WatchMemoryBench.class,
                        quick ? List.of("--vms", "50", "--nodes", "5") : List.of("--vms", "1000", "--nodes", "50")));
    }

    /** Runs one benchmark JVM, passing its output through and collecting its rows. */
    private static List<Measurement> run(Job job) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), job.heap()));
        command.addAll(QUIET);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), job.main().getName()));
        command.addAll(job.args());
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Measurement> rows = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Measurement row = Measurement.parse(line);
                if (row != null) {
                    rows.add(row);
                } else {
                    System.out.println("   " + line);
                }
            }
        }
        int exit = p.waitFor();
        if (exit != 0) {
            rows.add(new Measurement(job.name(), "the benchmark failed (exit " + exit + "; see its output above)", "-", "-", "-",
                    "-", "MISSED"));
        }
        return rows;
    }
}
