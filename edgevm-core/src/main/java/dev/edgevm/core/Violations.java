package dev.edgevm.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem found while validating one spec, then throws them together. Paths are
 * relative to the spec; {@link #nested(String)} gives a view that prefixes them.
 */
public final class Violations {

    private final List<Violation> found;
    private final String prefix;

    private Violations(List<Violation> found, String prefix) {
        this.found = found;
        this.prefix = prefix;
    }

    public static Violations collect() {
        return new Violations(new ArrayList<>(), "");
    }

    /** A view whose paths are prefixed with {@code path}; violations land in the same collection. */
    public Violations nested(String path) {
        return new Violations(found, join(prefix, path));
    }

    public Violations add(String path, String message) {
        found.add(Violation.of(join(prefix, path), message));
        return this;
    }

    /** Adds {@code message} at {@code path} unless {@code ok}; returns {@code ok}. */
    public boolean require(boolean ok, String path, String message) {
        if (!ok) {
            add(path, message);
        }
        return ok;
    }

    /** Adds violations found elsewhere (e.g. by a nested spec), under this view's prefix. */
    public Violations addAll(List<Violation> violations) {
        for (Violation v : violations) {
            found.add(prefix.isEmpty() ? v : v.under(prefix));
        }
        return this;
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public List<Violation> list() {
        return List.copyOf(found);
    }

    /** Throws one {@link InvalidSpecException} listing everything collected, if anything was. */
    public void throwIfAny(String subject) {
        if (!found.isEmpty()) {
            throw new InvalidSpecException(subject, dedupe(found));
        }
    }

    // A value that failed to parse, or a nested spec that was invalid, is also "missing" to the
    // enclosing spec's own check: report the specific problem, not the resulting absence.
    private static List<Violation> dedupe(List<Violation> all) {
        List<Violation> out = new ArrayList<>();
        for (Violation v : all) {
            boolean explained = v.message().startsWith(MISSING) && all.stream().anyMatch(o -> o != v
                    && !o.message().startsWith(MISSING) && isSameOrInside(o.path(), v.path()));
            if (!explained && !out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private static boolean isSameOrInside(String path, String parent) {
        return path.equals(parent) || path.startsWith(parent + ".") || path.startsWith(parent + "[");
    }

    /** The message for a required attribute that was not set. */
    public static final String MISSING = "is required";

    private static String join(String prefix, String path) {
        if (prefix.isEmpty()) {
            return path;
        }
        if (path.isEmpty()) {
            return prefix;
        }
        return path.startsWith("[") ? prefix + path : prefix + "." + path;
    }
}
