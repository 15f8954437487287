package dev.edgevm.core.network;

import dev.edgevm.core.InvalidSpecException;
import java.util.Objects;
import java.util.Optional;

/**
 * An interface address with its prefix length, in CIDR form: {@code 192.168.100.2/24} (the guest's
 * address, not the network's), or {@code fd00:100::2/64}.
 */
public final class IpPrefix {

    private final IpAddress address;
    private final int length;

    private IpPrefix(IpAddress address, int length) {
        this.address = address;
        this.length = length;
    }

    public static IpPrefix parse(String text) {
        return tryParse(text).orElseThrow(() -> InvalidSpecException.of("CIDR", "", problem(text)));
    }

    public static Optional<IpPrefix> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        if (slash < 0 || slash != text.lastIndexOf('/')) {
            return Optional.empty();
        }
        Optional<IpAddress> address = IpAddress.tryParse(text.substring(0, slash));
        String bits = text.substring(slash + 1);
        if (address.isEmpty() || !bits.matches("\\d{1,3}")) {
            return Optional.empty();
        }
        int length = Integer.parseInt(bits);
        int max = address.get().isIpv4() ? 32 : 128;
        if (length > max) {
            return Optional.empty();
        }
        return Optional.of(new IpPrefix(address.get(), length));
    }

    public static String problem(String text) {
        return "'" + text + "' is not an address in CIDR form (e.g. 192.168.100.2/24 or fd00::2/64)";
    }

    public IpAddress address() {
        return address;
    }

    public int length() {
        return length;
    }

    public boolean isIpv4() {
        return address.isIpv4();
    }

    /** The network address: the address with the host bits cleared. */
    public IpAddress network() {
        byte[] b = address.bytes();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, length - i * 8));
            b[i] &= (byte) (0xff << (8 - keep));
        }
        return IpAddress.of(b);
    }

    /** Whether {@code other} is in this prefix's subnet (same family, same network bits). */
    public boolean contains(IpAddress other) {
        if (other.isIpv4() != isIpv4()) {
            return false;
        }
        return new IpPrefix(other, length).network().equals(network());
    }

    /** For IPv4: whether the address is the network or broadcast address of its subnet (not usable by a host). */
    public boolean isNetworkOrBroadcast() {
        return isIpv4() && reservedAs(address).isPresent();
    }

    /**
     * What {@code other}, an address in this subnet, is reserved for rather than a host: IPv4's
     * network and broadcast addresses (host bits all 0 or all 1; none on a /31 or /32), IPv6's
     * subnet-router anycast address (host bits all 0; none on a /127 or /128).
     */
    public Optional<String> reservedAs(IpAddress other) {
        int bits = isIpv4() ? 32 : 128;
        if (!contains(other) || length >= bits - 1) {
            return Optional.empty();
        }
        byte[] b = other.bytes();
        boolean allZero = true;
        boolean allOne = true;
        for (int i = length; i < bits; i++) {
            boolean bit = (b[i / 8] & (0x80 >> (i % 8))) != 0;
            allZero &= !bit;
            allOne &= bit;
        }
        if (allZero) {
            return Optional.of(isIpv4() ? "the network address" : "the subnet-router anycast address");
        }
        return allOne && isIpv4() ? Optional.of("the broadcast address") : Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpPrefix p && p.address.equals(address) && p.length == length;
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, length);
    }

    @Override
    public String toString() {
        return address + "/" + length;
    }
}
