package dev.edgevm.core.network;

import dev.edgevm.core.InvalidSpecException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/** A 48-bit Ethernet MAC address, written {@code 02:1a:2b:3c:4d:5e}. */
public final class MacAddress {

    private static final Pattern SYNTAX = Pattern.compile("[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\\1[0-9A-Fa-f]{2}){4}");

    private final byte[] octets;

    private MacAddress(byte[] octets) {
        this.octets = octets;
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (or with '-'), any case. */
    public static MacAddress parse(String text) {
        return tryParse(text).orElseThrow(() -> InvalidSpecException.of("MAC address", "", problem(text)));
    }

    public static Optional<MacAddress> tryParse(String text) {
        if (text == null || !SYNTAX.matcher(text).matches()) {
            return Optional.empty();
        }
        byte[] octets = new byte[6];
        for (int i = 0; i < 6; i++) {
            octets[i] = (byte) Integer.parseInt(text.substring(i * 3, i * 3 + 2), 16);
        }
        return Optional.of(new MacAddress(octets));
    }

    public static String problem(String text) {
        return "'" + text + "' is not a MAC address (six hex octets separated by ':', e.g. 02:00:00:12:34:56)";
    }

    /**
     * A stable MAC for a NIC: the same namespace, VM and interface name always give the same
     * address, and two VMs of the same name in different namespaces (on one SR-IOV network, say)
     * get different ones. It is unicast and locally administered, so it cannot clash with a
     * vendor's address.
     */
    public static MacAddress generate(String namespace, String vmName, String interfaceName) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // '/' appears in none of the three names, so different triples never hash the same text
            byte[] digest = sha.digest((namespace + "/" + vmName + "/" + interfaceName).getBytes(StandardCharsets.UTF_8));
            byte[] octets = Arrays.copyOf(digest, 6);
            octets[0] = (byte) ((octets[0] & 0xfc) | 0x02);
            return new MacAddress(octets);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Unicast: the least significant bit of the first octet is clear. A NIC needs a unicast address. */
    public boolean isUnicast() {
        return (octets[0] & 0x01) == 0;
    }

    /** Locally administered: not assigned by a vendor (second-least significant bit of the first octet set). */
    public boolean isLocallyAdministered() {
        return (octets[0] & 0x02) != 0;
    }

    public boolean isZero() {
        for (byte b : octets) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress m && Arrays.equals(m.octets, octets);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(octets);
    }

    /** Lower case with colons, as KubeVirt and cloud-init write it. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(String.format("%02x", octets[i] & 0xff));
        }
        return sb.toString();
    }
}
