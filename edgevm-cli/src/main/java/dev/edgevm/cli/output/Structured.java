package dev.edgevm.cli.output;

import dev.edgevm.cli.options.OutputFormat;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.PrintWriter;

/** Prints maps, lists and Kubernetes objects as YAML or JSON, the way kubectl {@code -o} does. */
public final class Structured {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Structured() {}

    public static void print(PrintWriter out, OutputFormat format, Object value) {
        switch (format) {
            case YAML -> out.print(yaml(value));
            case JSON -> out.println(json(value));
            default -> throw new IllegalArgumentException(format + " is not a structured format");
        }
        out.flush();
    }

    /** One YAML document without the leading {@code ---}. */
    public static String yaml(Object value) {
        String yaml = SERIALIZATION.asYaml(value);
        return yaml.startsWith("---\n") || yaml.startsWith("--- ") ? yaml.substring(4) : yaml;
    }

    public static String json(Object value) {
        return SERIALIZATION.asJson(value);
    }
}
