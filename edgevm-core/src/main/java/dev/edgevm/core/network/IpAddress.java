package dev.edgevm.core.network;

import dev.edgevm.core.InvalidSpecException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 address literal. Parsing never resolves host names. */
public final class IpAddress {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final InetAddress address;

    private IpAddress(InetAddress address) {
        this.address = address;
    }

    public static IpAddress parse(String text) {
        return tryParse(text).orElseThrow(() -> InvalidSpecException.of("IP address", "", problem(text)));
    }

    public static Optional<IpAddress> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        boolean v4 = IPV4.matcher(text).matches();
        boolean v6 = !v4 && text.contains(":") && IPV6_CHARS.matcher(text).matches();
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            // Only literals reach here (digits, dots, colons), so no name lookup can happen.
            return Optional.of(new IpAddress(InetAddress.getByName(text)));
        } catch (UnknownHostException | IllegalArgumentException notALiteral) {
            return Optional.empty();
        }
    }

    public static String problem(String text) {
        return "'" + text + "' is not an IPv4 or IPv6 address";
    }

    static IpAddress of(byte[] bytes) {
        try {
            return new IpAddress(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes", e);
        }
    }

    public boolean isIpv4() {
        return address.getAddress().length == 4;
    }

    byte[] bytes() {
        return address.getAddress();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress a && Arrays.equals(a.bytes(), bytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes());
    }

    /** The canonical literal ({@code 192.168.100.1}, {@code fd00:0:0:0:0:0:0:1}). */
    @Override
    public String toString() {
        return address.getHostAddress();
    }
}
