package dev.edgevm.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The statistics the benchmarks report: medians (robust to one disturbed round on a shared
 * machine), percentiles, and the spread from the smallest to the largest value.
 */
public final class Stats {

    private Stats() {}

    public static double median(List<Double> values) {
        List<Double> sorted = sorted(values);
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The nearest-rank percentile: the smallest value with at least {@code p} percent of the values at or below it. */
    public static double percentile(List<Double> values, double p) {
        List<Double> sorted = sorted(values);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    public static double min(List<Double> values) {
        return values.isEmpty() ? Double.NaN : Collections.min(values);
    }

    public static double max(List<Double> values) {
        return values.isEmpty() ? Double.NaN : Collections.max(values);
    }

    /** e.g. "0.81 (0.73 to 1.02)": the median, then the smallest and largest value, in {@code format}. */
    public static String medianAndSpread(String format, List<Double> values) {
        return String.format(Locale.ROOT, format + " (" + format + " to " + format + ")", median(values), min(values), max(values));
    }

    private static List<Double> sorted(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted;
    }
}
