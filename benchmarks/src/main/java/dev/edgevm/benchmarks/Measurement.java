package dev.edgevm.benchmarks;

import java.util.Locale;

/**
 * One row of the results: what was measured for the SDK and for its reference in the same run,
 * their ratio, and the goal it is held to. Rows travel from a benchmark's JVM to the suite as one
 * tab-separated line on standard output, prefixed {@value #PREFIX}.
 *
 * @param benchmark the benchmark, e.g. "Upload 2 GiB"
 * @param measure   what the row measures, e.g. "throughput GB/s"
 * @param edgevm    the SDK's figure, formatted
 * @param reference the reference's figure, formatted (or "-")
 * @param ratio     edgevm / reference as the goal reads it, formatted (or "-")
 * @param goal      the goal, e.g. ">= 0.9" (or "-")
 * @param verdict   "met", "MISSED" or "-" when the row has no goal
 */
public record Measurement(String benchmark, String measure, String edgevm, String reference, String ratio, String goal,
                          String verdict) {

    public static final String PREFIX = "ROW\t";

    /** A figure with a reference, their ratio and a goal on the ratio: {@code atLeast} true for "ratio >= goal". */
    public static Measurement ratio(String benchmark, String measure, double edgevm, double reference, String format,
                                    double goal, boolean atLeast) {
        double ratio = edgevm / reference;
        boolean met = atLeast ? ratio >= goal : ratio <= goal;
        return new Measurement(benchmark, measure, fmt(format, edgevm), fmt(format, reference), fmt("%.2f", ratio),
                (atLeast ? ">= " : "<= ") + fmt("%.2f", goal), met ? "met" : "MISSED");
    }

    /** A figure with a goal of its own and no ratio. */
    public static Measurement absolute(String benchmark, String measure, String edgevm, String reference, String goal, boolean met) {
        return new Measurement(benchmark, measure, edgevm, reference, "-", goal, met ? "met" : "MISSED");
    }

    /** A figure reported for information, held to no goal. */
    public static Measurement info(String benchmark, String measure, String edgevm, String reference) {
        return new Measurement(benchmark, measure, edgevm, reference, "-", "-", "-");
    }

    public static String fmt(String format, double value) {
        return String.format(Locale.ROOT, format, value);
    }

    /** Prints this row for the suite to collect (and a reader to follow). */
    public void emit() {
        System.out.println(PREFIX + String.join("\t", benchmark, measure, edgevm, reference, ratio, goal, verdict));
        System.out.flush();
    }

    /** The row of an emitted line, or null if the line is not one. */
    public static Measurement parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return null;
        }
        String[] f = line.substring(PREFIX.length()).split("\t", -1);
        return f.length == 7 ? new Measurement(f[0], f[1], f[2], f[3], f[4], f[5], f[6]) : null;
    }
}
