package dev.edgevm.cli.options;

/** How a command prints what it shows: {@code -o table|yaml|json}. */
public enum OutputFormat {
    TABLE, YAML, JSON;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
