package dev.edgevm.benchmarks;

import java.util.List;
import java.util.function.Function;

/** The rows as one table: aligned text for the terminal, Markdown for the docs. */
public final class ResultTable {

    private static final List<String> HEADERS = List.of("benchmark", "measure", "edgevm", "reference", "ratio", "goal", "");
    private static final List<Function<Measurement, String>> COLUMNS = List.of(Measurement::benchmark, Measurement::measure,
            Measurement::edgevm, Measurement::reference, Measurement::ratio, Measurement::goal, Measurement::verdict);

    private ResultTable() {}

    public static String text(List<Measurement> rows) {
        int[] width = new int[HEADERS.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = HEADERS.get(c).length();
            for (Measurement r : rows) {
                width[c] = Math.max(width[c], COLUMNS.get(c).apply(r).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, HEADERS, width);
        StringBuilder rule = new StringBuilder();
        for (int w : width) {
            rule.append("-".repeat(w)).append("  ");
        }
        sb.append(rule.toString().stripTrailing()).append('\n');
        for (Measurement r : rows) {
            line(sb, COLUMNS.stream().map(f -> f.apply(r)).toList(), width);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            l.append(String.format("%-" + width[c] + "s  ", cells.get(c)));
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }

    public static String markdown(List<Measurement> rows) {
        StringBuilder sb = new StringBuilder("| " + String.join(" | ", HEADERS) + " |\n");
        sb.append("|").append(" --- |".repeat(HEADERS.size())).append('\n');
        for (Measurement r : rows) {
            sb.append("| ").append(String.join(" | ", COLUMNS.stream().map(f -> f.apply(r).replace("|", "\\|")).toList())).append(" |\n");
        }
        return sb.toString();
    }
}
