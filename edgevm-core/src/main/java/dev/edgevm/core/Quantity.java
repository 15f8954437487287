package dev.edgevm.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity ({@code 2056M}, {@code 15Gi}, {@code 500m}, {@code 1e3}) with the
 * API server's parsing rules. Two quantities are equal when they denote the same amount
 * ({@code 1Gi} equals {@code 1024Mi}); {@link #toString()} keeps the form it was written in.
 */
public final class Quantity implements Comparable<Quantity> {

    private static final Pattern SYNTAX =
            Pattern.compile("([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?");
    private static final Map<String, BigDecimal> MULTIPLIERS = Map.ofEntries(
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)),
            Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")), Map.entry("", BigDecimal.ONE),
            Map.entry("k", new BigDecimal("1e3")), Map.entry("M", new BigDecimal("1e6")),
            Map.entry("G", new BigDecimal("1e9")), Map.entry("T", new BigDecimal("1e12")),
            Map.entry("P", new BigDecimal("1e15")), Map.entry("E", new BigDecimal("1e18")));
    private static final String[] BINARY_SUFFIXES = {"Ei", "Pi", "Ti", "Gi", "Mi", "Ki"};
    private static final String EXAMPLES = "e.g. 2056M, 15Gi, 500m, 1e9";

    private final BigDecimal amount;
    private final String text;

    private Quantity(BigDecimal amount, String text) {
        this.amount = amount;
        this.text = text;
    }

    /**
     * Parses a quantity written as Kubernetes accepts it.
     *
     * @throws InvalidSpecException naming the text and the expected form, if it is not a quantity
     */
    public static Quantity parse(String text) {
        return tryParse(text).orElseThrow(() ->
                InvalidSpecException.of("quantity", "", problem(text)));
    }

    /** Parses a quantity, or returns empty if {@code text} is not one. */
    public static Optional<Quantity> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String suffix = m.group(2) == null ? "" : m.group(2);
        BigDecimal amount;
        if (suffix.startsWith("e") || suffix.startsWith("E")) {
            int exponent;
            try {
                exponent = Integer.parseInt(suffix.substring(1));
            } catch (NumberFormatException tooLarge) {
                return Optional.empty();
            }
            if (Math.abs(exponent) > 18) {
                return Optional.empty();
            }
            amount = number.scaleByPowerOfTen(exponent);
        } else {
            amount = number.multiply(MULTIPLIERS.get(suffix));
        }
        return Optional.of(new Quantity(amount, text));
    }

    /** Why {@code text} is not a quantity, as a violation message. */
    public static String problem(String text) {
        if (text == null) {
            return Violations.MISSING;
        }
        if (text.isBlank()) {
            return "must not be empty; give a quantity (" + EXAMPLES + ")";
        }
        return "'" + KubernetesNames.abbreviate(text) + "' is not a Kubernetes quantity (" + EXAMPLES + ")";
    }

    /** An amount of bytes, written with the largest binary suffix that divides it exactly. */
    public static Quantity ofBytes(long bytes) {
        for (String suffix : BINARY_SUFFIXES) {
            long unit = MULTIPLIERS.get(suffix).longValueExact();
            if (bytes != 0 && bytes % unit == 0) {
                return new Quantity(BigDecimal.valueOf(bytes), (bytes / unit) + suffix);
            }
        }
        return new Quantity(BigDecimal.valueOf(bytes), Long.toString(bytes));
    }

    /** The amount this quantity denotes (for cpu, in cores; for memory and storage, in bytes). */
    public BigDecimal amount() {
        return amount;
    }

    /** The amount as whole bytes, rounded up as Kubernetes does for memory and storage. */
    public long bytes() {
        BigInteger whole = amount.setScale(0, RoundingMode.CEILING).toBigIntegerExact();
        return whole.bitLength() < 64 ? whole.longValue() : Long.MAX_VALUE;
    }

    public boolean isPositive() {
        return amount.signum() > 0;
    }

    /** Whether this amount is a whole multiple of {@code unit} (e.g. memory of a hugepage size). */
    public boolean isMultipleOf(Quantity unit) {
        return unit.isPositive() && amount.remainder(unit.amount).signum() == 0;
    }

    @Override
    public int compareTo(Quantity other) {
        return amount.compareTo(other.amount);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Quantity q && q.amount.compareTo(amount) == 0;
    }

    @Override
    public int hashCode() {
        return amount.stripTrailingZeros().hashCode();
    }

    /** The quantity as written, e.g. {@code 2056M}. */
    @Override
    public String toString() {
        return text;
    }
}
