package dev.edgevm.core.badinput;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes' rules for names and quantities, written out here from their definitions (the API
 * machinery's validation and the resource.Quantity grammar) by hand, character by character, to
 * judge generated input independently of the SDK's own checks.
 */
public final class KubernetesGrammar {

    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE), Map.entry("m", new BigDecimal("0.001")), Map.entry("k", BigDecimal.TEN.pow(3)),
            Map.entry("M", BigDecimal.TEN.pow(6)), Map.entry("G", BigDecimal.TEN.pow(9)), Map.entry("T", BigDecimal.TEN.pow(12)),
            Map.entry("P", BigDecimal.TEN.pow(15)), Map.entry("E", BigDecimal.TEN.pow(18)),
            Map.entry("Ki", BigDecimal.valueOf(2).pow(10)), Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
            Map.entry("Gi", BigDecimal.valueOf(2).pow(30)), Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
            Map.entry("Pi", BigDecimal.valueOf(2).pow(50)), Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

    private KubernetesGrammar() {}

    /** RFC 1123 label: 1 to 63 of a-z, 0-9 and '-', a letter or digit at each end. */
    public static boolean isDns1123Label(String s) {
        if (s == null || s.isEmpty() || s.length() > 63 || !alnumLower(s.charAt(0)) || !alnumLower(s.charAt(s.length() - 1))) {
            return false;
        }
        return s.chars().allMatch(c -> alnumLower(c) || c == '-');
    }

    /** RFC 1123 subdomain: at most 253 characters, labels of a-z, 0-9 and '-' (alphanumeric at their ends) joined by '.'. */
    public static boolean isDns1123Subdomain(String s) {
        if (s == null || s.isEmpty() || s.length() > 253) {
            return false;
        }
        for (String part : s.split("\\.", -1)) {
            if (part.isEmpty() || !alnumLower(part.charAt(0)) || !alnumLower(part.charAt(part.length() - 1))
                    || !part.chars().allMatch(c -> alnumLower(c) || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** A label or annotation key: an optional DNS subdomain prefix and '/', then a name part. */
    public static boolean isQualifiedName(String s) {
        if (s == null) {
            return false;
        }
        int slash = s.indexOf('/');
        if (slash < 0) {
            return isNamePart(s);
        }
        return isDns1123Subdomain(s.substring(0, slash)) && isNamePart(s.substring(slash + 1));
    }

    /** A label value: empty, or a name part. */
    public static boolean isLabelValue(String s) {
        return s != null && (s.isEmpty() || isNamePart(s));
    }

    /** 1 to 63 of A-Z, a-z, 0-9, '-', '_' and '.', a letter or digit at each end. */
    private static boolean isNamePart(String s) {
        if (s.isEmpty() || s.length() > 63 || !alnum(s.charAt(0)) || !alnum(s.charAt(s.length() - 1))) {
            return false;
        }
        return s.chars().allMatch(c -> alnum(c) || c == '-' || c == '_' || c == '.');
    }

    /**
     * The value of a quantity, if {@code s} is one:
     * {@code [+-] (digits | digits. | digits.digits | .digits) (binarySI | decimalSI | (e|E)[+-]digits)}.
     */
    public static Optional<BigDecimal> quantity(String s) {
        if (s == null) {
            return Optional.empty();
        }
        int i = 0;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int start = i;
        int whole = digits(s, i);
        i += whole;
        int fraction = 0;
        if (i < s.length() && s.charAt(i) == '.') {
            fraction = digits(s, i + 1);
            i += 1 + fraction;
        }
        if (whole == 0 && fraction == 0) {
            return Optional.empty();
        }
        BigDecimal number = new BigDecimal(s.substring(start, i).endsWith(".") ? s.substring(start, i - 1)
                : s.substring(start, i).startsWith(".") ? "0" + s.substring(start, i) : s.substring(start, i));
        String suffix = s.substring(i);
        BigDecimal multiplier = SUFFIXES.get(suffix);
        if (multiplier == null) {
            multiplier = exponent(suffix);
            if (multiplier == null) {
                return Optional.empty();
            }
        }
        BigDecimal value = number.multiply(multiplier);
        return Optional.of(negative ? value.negate() : value);
    }

    /** 10^n for {@code e[+-]n} or {@code E[+-]n}; null if the suffix is not one. */
    private static BigDecimal exponent(String suffix) {
        if (suffix.length() < 2 || (suffix.charAt(0) != 'e' && suffix.charAt(0) != 'E')) {
            return null;
        }
        int i = 1;
        boolean negative = false;
        if (suffix.charAt(i) == '+' || suffix.charAt(i) == '-') {
            negative = suffix.charAt(i) == '-';
            i++;
        }
        int n = digits(suffix, i);
        if (n == 0 || i + n != suffix.length() || n > 4) {
            return null;
        }
        int power = Integer.parseInt(suffix.substring(i));
        return negative ? BigDecimal.ONE.movePointLeft(power) : BigDecimal.ONE.movePointRight(power);
    }

    private static int digits(String s, int from) {
        int n = 0;
        while (from + n < s.length() && s.charAt(from + n) >= '0' && s.charAt(from + n) <= '9') {
            n++;
        }
        return n;
    }

    private static boolean alnumLower(int c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    private static boolean alnum(int c) {
        return alnumLower(c) || c >= 'A' && c <= 'Z';
    }
}
