package dev.edgevm.cli.sriov;

import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.Violation;
import dev.edgevm.sriov.SriovConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** SR-IOV settings given on the command line, checked by the SDK's own rules before anything is sent, named by their flags. */
final class SriovFlags {

    private static final Map<String, String> FLAGS = Map.of("devicePluginSelector", "--selector", "resources", "RESOURCE");

    private SriovFlags() {}

    /** What is wrong with the settings {@code changes} make, as {@code EdgeSriov.configure} would refuse them. */
    static List<Violation> problems(Consumer<SriovConfig.Builder> changes) {
        SriovConfig.Builder b = SriovConfig.builder();
        changes.accept(b);
        try {
            b.build();
            return List.of();
        } catch (InvalidSpecException e) {
            return e.violations().stream().map(v -> Violation.of(FLAGS.getOrDefault(v.path(), v.path()), v.message())).toList();
        }
    }
}
