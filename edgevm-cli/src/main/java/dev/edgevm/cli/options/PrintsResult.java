package dev.edgevm.cli.options;

import java.util.List;

/** A command whose result {@code -o} chooses how to print. */
public interface PrintsResult {

    List<OutputFormat> ALL = List.of(OutputFormat.TABLE, OutputFormat.YAML, OutputFormat.JSON);

    /** The formats it prints, its default first. */
    default List<OutputFormat> formats() {
        return ALL;
    }
}
