package dev.edgevm.core.internal;

import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.Violation;
import dev.edgevm.core.Violations;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Problems a builder met before {@code build()}: text that did not parse into a typed value, or a
 * nested spec that was invalid. They are held back and reported by {@code build()} together with
 * the spec's own check, so one exception names every bad field.
 */
public final class BuilderErrors {

    private final List<Violation> held = new ArrayList<>();

    /**
     * Parses {@code text}; on success hands the value to {@code setter}, otherwise holds the
     * {@code problem} of the text at {@code path}.
     */
    public <T> void parse(String path, String text, Function<String, Optional<T>> parser,
                          Function<String, String> problem, Consumer<T> setter) {
        if (text == null) {
            return; // not set: the spec's own check reports a missing required value
        }
        Optional<T> value = parser.apply(text);
        if (value.isPresent()) {
            setter.accept(value.get());
        } else {
            held.add(Violation.of(path, problem.apply(text)));
        }
    }

    /** Builds a nested spec; if it is invalid, holds its violations under {@code path}. */
    public <T> void nested(String path, Supplier<T> build, Consumer<T> setter) {
        try {
            setter.accept(build.get());
        } catch (InvalidSpecException e) {
            e.violations().forEach(v -> held.add(v.under(path)));
        }
    }

    /**
     * Runs the generated {@code build()} and reports what it found together with what was held back.
     *
     * @param subject names the spec in the exception when only held problems exist
     */
    public <T> T build(Supplier<T> build, Function<T, String> subject) {
        if (held.isEmpty()) {
            return build.get();
        }
        // The spec's own findings first (they follow its field order), then what was held back.
        Violations all = Violations.collect();
        String name;
        try {
            name = subject.apply(build.get());
        } catch (InvalidSpecException e) {
            all.addAll(e.violations());
            name = e.subject();
        }
        all.addAll(held).throwIfAny(name);
        throw new IllegalStateException("unreachable: held violations were not thrown");
    }
}
