package dev.edgevm.core.badinput;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated input that is valid, or invalid, by construction: a valid DNS label is built from the
 * characters and lengths Kubernetes allows, an invalid one by breaking exactly one of its rules.
 * No parser decides which is which, so the SDK's checks are judged against the rules, not
 * against themselves. {@link #either} mixes both, labelled, for properties that take any input.
 */
public final class Inputs {

    private static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String ALNUM = LOWER_ALNUM + "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    /** Characters no DNS label, label key or value may hold. */
    private static final List<String> FORBIDDEN = List.of("_", ".", " ", "A", "Z", "/", ":", "@", "\u00e9", "\n", "\t", "*", "+", "\u0000");

    private Inputs() {}

    /** A value and whether it is valid by construction. */
    public record Sample(String value, boolean valid) {
        @Override
        public String toString() {
            return (valid ? "valid " : "invalid ") + "'" + value + "'";
        }
    }

    /** Valid and invalid values, about half each, labelled. */
    public static Arbitrary<Sample> either(Arbitrary<String> valid, Arbitrary<String> invalid) {
        return Arbitraries.oneOf(valid.map(v -> new Sample(v, true)), invalid.map(v -> new Sample(v, false)));
    }

    // ---- DNS-1123 labels: names of VMs, namespaces, DataVolumes

    public static Arbitrary<String> dns1123Labels() {
        Arbitrary<String> end = Arbitraries.strings().withChars(LOWER_ALNUM).ofLength(1);
        Arbitrary<String> middle = Arbitraries.strings().withChars(LOWER_ALNUM + "-").ofMaxLength(61);
        return Arbitraries.oneOf(end, Combinators.combine(end, middle, end).as((a, m, b) -> a + m + b));
    }

    /** Each breaks one rule of a DNS-1123 label: empty, too long, a forbidden character, '-' at an end. */
    public static Arbitrary<String> notDns1123Labels() {
        return Arbitraries.oneOf(
                Arbitraries.just(""),
                Arbitraries.strings().withChars(LOWER_ALNUM).ofMinLength(64).ofMaxLength(90),
                Combinators.combine(dns1123Labels(), Arbitraries.of(FORBIDDEN), Arbitraries.integers().between(0, 62))
                        .as((label, bad, at) -> insert(label, bad, at)),
                dns1123Labels().filter(l -> l.length() < 63).map(l -> "-" + l),
                dns1123Labels().filter(l -> l.length() < 63).map(l -> l + "-"),
                dns1123Labels().map(l -> l.toUpperCase(Locale.ROOT)).filter(l -> !l.equals(l.toLowerCase(Locale.ROOT))));
    }

    // ---- label and annotation keys and values

    /** 1 to 63 of A-Z, a-z, 0-9, '-', '_', '.', alphanumeric at each end. */
    public static Arbitrary<String> namePart() {
        Arbitrary<String> end = Arbitraries.strings().withChars(ALNUM).ofLength(1);
        Arbitrary<String> middle = Arbitraries.strings().withChars(ALNUM + "-_.").ofMaxLength(61);
        return Arbitraries.oneOf(end, Combinators.combine(end, middle, end).as((a, m, b) -> a + m + b));
    }

    /** A DNS subdomain of a few labels, within 253 characters. */
    public static Arbitrary<String> dns1123Subdomains() {
        return dns1123Labels().list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join(".", parts)).filter(s -> s.length() <= 253);
    }

    /** A label or annotation key: a name, or a DNS subdomain prefix, '/' and a name. */
    public static Arbitrary<String> qualifiedNames() {
        return Arbitraries.oneOf(namePart(), Combinators.combine(dns1123Subdomains(), namePart()).as((p, n) -> p + "/" + n));
    }

    /** Each breaks one rule of a key: its name part empty, too long, with a forbidden character or end; or its prefix. */
    public static Arbitrary<String> notQualifiedNames() {
        return Arbitraries.oneOf(
                Arbitraries.just(""),
                dns1123Subdomains().map(p -> p + "/"),
                Arbitraries.strings().withChars(ALNUM).ofMinLength(64).ofMaxLength(80),
                Combinators.combine(namePart(), Arbitraries.of(" ", "/", ":", "@", "\u00e9", "*", "\n"), Arbitraries.integers().between(0, 62))
                        .as((name, bad, at) -> insert(name, bad, at)).filter(k -> !isPrefixedName(k)),
                namePart().filter(n -> n.length() < 63).map(n -> "-" + n),
                namePart().filter(n -> n.length() < 63).map(n -> n + "_"),
                Combinators.combine(Arbitraries.of("Example.com", "a_b.io", "-a.io", "a..b", "a.io-"), namePart()).as((p, n) -> p + "/" + n),
                Combinators.combine(dns1123Subdomains(), namePart(), namePart()).as((p, a, b) -> p + "/" + a + "/" + b));
    }

    /** Empty, or a name part. */
    public static Arbitrary<String> labelValues() {
        return Arbitraries.oneOf(Arbitraries.just(""), namePart());
    }

    /** Each breaks one rule of a label value: too long, a forbidden character or end. */
    public static Arbitrary<String> notLabelValues() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars(ALNUM).ofMinLength(64).ofMaxLength(80),
                Combinators.combine(namePart(), Arbitraries.of(" ", "/", ":", "@", "\u00e9", "*", "\n"), Arbitraries.integers().between(0, 62))
                        .as((value, bad, at) -> insert(value, bad, at)),
                namePart().filter(n -> n.length() < 63).map(n -> "." + n),
                namePart().filter(n -> n.length() < 63).map(n -> n + "-"));
    }

    // ---- quantities

    /** Memory of at least 1 MiB, written in each of the quantity forms. */
    public static Arbitrary<String> memoryQuantities() {
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.integers().between(1, 4096), Arbitraries.of("Mi", "Gi")).as((n, s) -> n + s),
                Combinators.combine(Arbitraries.integers().between(2, 9000), Arbitraries.of("M", "G")).as((n, s) -> n + s),
                Arbitraries.integers().between(1, 64).map(n -> n + ".5Gi"),
                Arbitraries.longs().between(1L << 20, 1L << 36).map(String::valueOf),
                Arbitraries.integers().between(7, 11).map(n -> "1e" + n),
                Arbitraries.integers().between(2, 300).map(n -> "+" + n + "Mi"));
    }

    /** Positive sizes: a disk, an upload. */
    public static Arbitrary<String> positiveQuantities() {
        return Arbitraries.oneOf(memoryQuantities(),
                Combinators.combine(Arbitraries.integers().between(1, 2000), Arbitraries.of("Ki", "k", "Ti")).as((n, s) -> n + s));
    }

    /** Text that is no quantity at all: an unknown suffix, a space, two numbers, no number, a unit in the wrong case. */
    public static Arbitrary<String> notQuantities() {
        Arbitrary<Integer> n = Arbitraries.integers().between(0, 5000);
        return Arbitraries.oneOf(
                Arbitraries.of("", " ", "Gi", ".", "-", "+", "e3", "1e", "1e+", "1.2.3", "--1", "1Gi ", " 1Gi", "1 Gi", "0x10", "1,5Gi", "\u0661Gi"),
                Combinators.combine(n, Arbitraries.of("GB", "gi", "mi", "MB", "KB", "b", "B", "i", "g", "Gib", "K", "iB", "GiGi", "Mi2"))
                        .as((x, s) -> x + s),
                Arbitraries.strings().withChars("abcdfhjlnoqrsvwxyz").ofMinLength(1).ofMaxLength(8));
    }

    /** Quantities that are zero or negative. */
    public static Arbitrary<String> notPositiveQuantities() {
        return Arbitraries.oneOf(Arbitraries.of("0", "0Gi", "-0", "0.0"),
                Combinators.combine(Arbitraries.integers().between(1, 5000), Arbitraries.of("", "Mi", "Gi", "M")).as((x, s) -> "-" + x + s));
    }

    /** Quantities too small for a VM's memory (below 1 MiB) but positive. */
    public static Arbitrary<String> tooLittleMemory() {
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.integers().between(1, 1023), Arbitraries.of("Ki", "")).as((x, s) -> x + s),
                Arbitraries.integers().between(1, 1048).map(x -> x + "k"),
                Arbitraries.of("1M", "0.5Mi", "1m", "100m"));
    }

    // ---- addresses

    /** A host address in a /24, in CIDR form: never the network or broadcast address. */
    public static Arbitrary<String> hostCidrs() {
        return Combinators.combine(octet(), octet(), octet(), Arbitraries.integers().between(1, 254))
                .as((a, b, c, d) -> a + "." + b + "." + c + "." + d + "/24");
    }

    /** Each is no IPv4 CIDR address of a host: an octet out of range, parts missing, no or a bad prefix length, network or broadcast. */
    public static Arbitrary<String> notHostCidrs() {
        return Arbitraries.oneOf(
                Combinators.combine(octet(), octet(), Arbitraries.integers().between(256, 999)).as((a, b, x) -> a + "." + b + ".0." + x + "/24"),
                Combinators.combine(octet(), octet(), octet()).as((a, b, c) -> a + "." + b + "." + c + "/24"),
                Combinators.combine(octet(), octet(), octet(), octet()).as((a, b, c, d) -> a + "." + b + "." + c + "." + d),
                Combinators.combine(hostCidrs(), Arbitraries.integers().between(33, 200)).as((cidr, len) -> cidr.replace("/24", "/" + len)),
                hostCidrs().map(c -> c.replace("/24", "/")),
                hostCidrs().map(c -> c.replace("/24", "/24/8")),
                hostCidrs().map(c -> c.replace("/24", "/-1")),
                hostCidrs().map(c -> c.substring(0, c.lastIndexOf('.')) + ".0/24"),
                hostCidrs().map(c -> c.substring(0, c.lastIndexOf('.')) + ".255/24"),
                Arbitraries.of("", "/24", "localhost/24", "a.b.c.d/24", "1.2.3.4 /24", "1..2.3/24", "::g/64"));
    }

    /** Text that is no IP address: an octet out of range, parts missing or extra, names, a prefix length. */
    public static Arbitrary<String> notIpAddresses() {
        return Arbitraries.oneOf(
                Combinators.combine(octet(), octet(), Arbitraries.integers().between(256, 999)).as((a, b, x) -> a + "." + b + ".1." + x),
                Combinators.combine(octet(), octet(), octet()).as((a, b, c) -> a + "." + b + "." + c),
                Combinators.combine(octet(), octet(), octet(), octet()).as((a, b, c, d) -> a + "." + b + "." + c + "." + d + ".1"),
                hostCidrs(),
                Arbitraries.of("", " ", "localhost", "gateway", "1.2.3.-4", "::g", "1:2:3:4:5:6:7:8:9", "01.2.3.4x"));
    }

    // ---- MAC addresses

    /** Six octets, ':'-separated, unicast (first octet even) and not all zero. */
    public static Arbitrary<String> unicastMacs() {
        Arbitrary<Integer> first = Arbitraries.integers().between(0, 127).map(x -> x * 2).filter(x -> x != 0);
        Arbitrary<Integer> rest = Arbitraries.integers().between(0, 255);
        return Combinators.combine(first, rest.list().ofSize(5), Arbitraries.of(true, false)).as((f, r, upper) -> {
            StringBuilder mac = new StringBuilder(String.format(Locale.ROOT, "%02x", f));
            r.forEach(o -> mac.append(':').append(String.format(Locale.ROOT, "%02x", o)));
            return upper ? mac.toString().toUpperCase(Locale.ROOT) : mac.toString();
        });
    }

    /** Each is no usable NIC MAC: octets missing or extra, not hex, not two digits, multicast, all zero. */
    public static Arbitrary<String> notUsableMacs() {
        return Arbitraries.oneOf(
                unicastMacs().map(m -> m.substring(0, m.lastIndexOf(':'))),
                unicastMacs().map(m -> m + ":01"),
                Combinators.combine(unicastMacs(), Arbitraries.of("g", "G", "z", " ", "x"), Arbitraries.integers().between(0, 16))
                        .as((m, bad, at) -> m.substring(0, at) + bad + m.substring(at + 1)),
                unicastMacs().map(m -> m.replaceFirst(":0?", ":")).filter(m -> m.length() < 17),
                unicastMacs().map(m -> String.format(Locale.ROOT, "%02x", Integer.parseInt(m.substring(0, 2), 16) | 1) + m.substring(2)),
                Arbitraries.of("00:00:00:00:00:00", "", "02:00:00:12:34", "02:00:00:12:34:56:", "02::00:12:34:56"));
    }

    private static Arbitrary<Integer> octet() {
        return Arbitraries.integers().between(0, 255);
    }

    private static String insert(String s, String what, int at) {
        int i = Math.min(at, s.length());
        return s.substring(0, i) + what + s.substring(i);
    }

    /** Whether an inserted '/' happened to split a key into a valid prefix and name. */
    private static boolean isPrefixedName(String key) {
        return key.indexOf('/') > 0 && KubernetesGrammar.isQualifiedName(key);
    }
}
