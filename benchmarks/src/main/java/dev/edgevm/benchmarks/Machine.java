package dev.edgevm.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the figures were measured on: CPU, cores, memory, JVM, and how busy the machine was. */
public final class Machine {

    private Machine() {}

    /** The 1, 5 and 15 minute load averages, e.g. "0.52 0.61 0.80", or "unknown" off Linux. */
    public static String loadAverages() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException unavailable) {
            return "unknown";
        }
    }

    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** One line: CPU model, cores, memory, OS, JVM. */
    public static String describe() {
        return String.format(Locale.ROOT, "%s, %d cores, %s memory; %s %s; %s %s", cpuModel(), cores(), memory(),
                System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException unavailable) {
            return "unknown CPU";
        }
    }

    private static String memory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return String.format(Locale.ROOT, "%.0f GiB", os.getTotalMemorySize() / (double) (1L << 30));
        }
        return "unknown";
    }
}
