package dev.edgevm.benchmarks;

import java.util.List;

/** Command-line options of a benchmark: {@code --name value} pairs and {@code --flag}s. */
public final class Args {

    private final List<String> args;

    public Args(String[] args) {
        this.args = List.of(args);
    }

    public String text(String name, String fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }

    public int integer(String name, int fallback) {
        return Integer.parseInt(text(name, Integer.toString(fallback)));
    }

    public boolean flag(String name) {
        return args.contains(name);
    }
}
