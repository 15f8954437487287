package dev.edgevm.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A spec or an argument the caller gave is invalid. Thrown before any request reaches a cluster;
 * lists every violation found, not just the first.
 */
public final class InvalidSpecException extends EdgeVmException {

    private final String subject;
    private final List<Violation> violations;

    public InvalidSpecException(String subject, List<Violation> violations) {
        super(describe(subject, violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an InvalidSpecException needs at least one violation");
        }
        this.subject = subject;
        this.violations = List.copyOf(violations);
    }

    public static InvalidSpecException of(String subject, String path, String message) {
        return new InvalidSpecException(subject, List.of(Violation.of(path, message)));
    }

    /** What was being validated, e.g. {@code VmSpec centos-vm}. */
    public String subject() {
        return subject;
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String describe(String subject, List<Violation> violations) {
        String header = violations.size() == 1
                ? "Invalid " + oneLine(subject) + ": 1 problem"
                : "Invalid " + oneLine(subject) + ": " + violations.size() + " problems";
        return violations.stream().map(v -> "  - " + oneLine(v.toString())).collect(Collectors.joining("\n", header + "\n", ""));
    }

    /** One line per problem, whatever the bad value holds: control characters are shown escaped. */
    private static String oneLine(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        sb.append(String.format("\\u%04x", c));
                    } else {
                        sb.appendCodePoint(c);
                    }
                }
            }
        });
        return sb.toString();
    }
}
