package dev.edgevm.core.network;

import dev.edgevm.core.EdgeVmStyle;
import dev.edgevm.core.KubernetesNames;
import dev.edgevm.core.SpecBuilder;
import dev.edgevm.core.Violations;
import dev.edgevm.core.internal.BuilderErrors;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * A NIC on an SR-IOV virtual function, attached through a Multus NetworkAttachmentDefinition. Its
 * static addresses are configured in the guest by cloud-init network data, matched by MAC, so the
 * NIC comes up configured without editing files in the guest.
 */
@Value.Immutable
@EdgeVmStyle
public abstract class SriovNic implements Network {

    private static final Pattern RESOURCE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

    /** The NetworkAttachmentDefinition, {@code name} or {@code namespace/name}, e.g. {@code sriov-openness-vm}. */
    public abstract String network();

    /** The device plugin resource providing the VFs, e.g. {@code intel.com/intel_sriov_vm}. */
    public abstract Optional<String> resource();

    /** The VLAN the VF is tagged with (0 means untagged). */
    public abstract OptionalInt vlan();

    @Override
    @Value.Default
    public String name() {
        String net = network() == null ? "" : network();
        return net.substring(net.indexOf('/') + 1);
    }

    @Override
    public abstract Optional<MacAddress> macAddress();

    /** Static addresses of the guest's NIC in CIDR form, e.g. {@code 192.168.100.2/24}. */
    public abstract List<IpPrefix> addresses();

    /** Default gateways, at most one per address family, each inside one of the NIC's subnets. */
    public abstract List<IpAddress> gateways();

    public abstract List<IpAddress> dnsServers();

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a builder for a NIC on the given NetworkAttachmentDefinition. */
    public static Builder of(String network) {
        return builder().network(network);
    }

    public Builder toBuilder() {
        return builder().from(this);
    }

    /** The NetworkAttachmentDefinition's name without a namespace. */
    public String networkName() {
        return network().substring(network().indexOf('/') + 1);
    }

    /** The NetworkAttachmentDefinition's namespace, if the network named one. */
    public Optional<String> networkNamespace() {
        int slash = network().indexOf('/');
        return slash < 0 ? Optional.empty() : Optional.of(network().substring(0, slash));
    }

    @Value.Check
    final void check() {
        Violations v = Violations.collect();
        checkNetwork(v);
        KubernetesNames.checkLabelName(v, "name", name());
        resource().ifPresent(r -> v.require(RESOURCE_NAME.matcher(r).matches(), "resource",
                "'" + r + "' is not a device plugin resource name of the form domain/name (e.g. intel.com/intel_sriov_vm)"));
        vlan().ifPresent(id -> v.require(id >= 0 && id <= 4094, "vlan", "must be between 0 and 4094, was " + id));
        macAddress().ifPresent(mac -> NicChecks.mac(v, mac));
        checkAddresses(v);
        v.throwIfAny("SriovNic");
    }

    private void checkNetwork(Violations v) {
        if (network() == null || network().isEmpty()) {
            v.add("network", Violations.MISSING + " (the NetworkAttachmentDefinition's name)");
            return;
        }
        String[] parts = network().split("/", -1);
        if (parts.length > 2) {
            v.add("network", "'" + network() + "' must be 'name' or 'namespace/name'");
            return;
        }
        for (String part : parts) {
            if (!KubernetesNames.isDns1123Label(part)) {
                v.add("network", "'" + network() + "' must be 'name' or 'namespace/name' of DNS-1123 labels");
                return;
            }
        }
    }

    private void checkAddresses(Violations v) {
        for (int i = 0; i < addresses().size(); i++) {
            IpPrefix p = addresses().get(i);
            if (p == null) {
                v.add("addresses[" + i + "]", "must not be null");
            } else if (p.isNetworkOrBroadcast()) {
                v.add("addresses[" + i + "]", p + " is the network or broadcast address of its subnet; use a host address");
            }
        }
        long v4Gateways = gateways().stream().filter(g -> g != null && g.isIpv4()).count();
        v.require(v4Gateways <= 1, "gateways", "at most one IPv4 gateway");
        v.require(gateways().size() - v4Gateways <= 1, "gateways", "at most one IPv6 gateway");
        for (int i = 0; i < gateways().size(); i++) {
            IpAddress gw = gateways().get(i);
            String path = gateways().size() == 1 ? "gateway" : "gateways[" + i + "]";
            if (gw == null) {
                v.add(path, "must not be null");
                continue;
            }
            Optional<IpPrefix> subnet = addresses().stream().filter(p -> p != null && p.contains(gw)).findFirst();
            if (subnet.isPresent()) {
                checkGatewayIsAnotherHost(v, path, gw, subnet.get());
            } else {
                String subnets = addresses().stream().filter(p -> p != null && p.isIpv4() == gw.isIpv4())
                        .map(p -> p.network() + "/" + p.length()).reduce((a, b) -> a + ", " + b).orElse("");
                v.add(path, subnets.isEmpty()
                        ? gw + " needs a static address of the same family on the NIC"
                        : gw + " is outside the NIC's subnet " + subnets);
            }
        }
        for (int i = 0; i < dnsServers().size(); i++) {
            v.require(dnsServers().get(i) != null, "dnsServers[" + i + "]", "must not be null");
        }
    }

    /** The gateway is a router on the subnet: not the NIC itself, and not an address no host may have. */
    private void checkGatewayIsAnotherHost(Violations v, String path, IpAddress gw, IpPrefix subnet) {
        for (int i = 0; i < addresses().size(); i++) {
            if (addresses().get(i) != null && addresses().get(i).address().equals(gw)) {
                v.add(path, gw + " is the NIC's own address (addresses[" + i + "]); the gateway is another host of its subnet, the router");
                return;
            }
        }
        subnet.reservedAs(gw).ifPresent(role -> v.add(path, gw + " is " + role + " of the subnet " + subnet.network() + "/"
                + subnet.length() + ", not a host that can route"));
    }

    public static final class Builder extends ImmutableSriovNic.Builder implements SpecBuilder<SriovNic> {
        private final BuilderErrors errors = new BuilderErrors();
        private int addressCount;
        private int dnsCount;

        /** Adds a static address in CIDR form, e.g. {@code 192.168.100.2/24}. */
        public Builder address(String cidr) {
            errors.parse("addresses[" + addressCount++ + "]", cidr, IpPrefix::tryParse, IpPrefix::problem, (IpPrefix a) -> address(a));
            return this;
        }

        /** Adds a default gateway, e.g. {@code 192.168.100.1}. */
        public Builder gateway(String ip) {
            errors.parse("gateway", ip, IpAddress::tryParse, IpAddress::problem, (IpAddress a) -> gateway(a));
            return this;
        }

        public Builder dnsServer(String ip) {
            errors.parse("dnsServers[" + dnsCount++ + "]", ip, IpAddress::tryParse, IpAddress::problem, (IpAddress a) -> dnsServer(a));
            return this;
        }

        public Builder macAddress(String mac) {
            errors.parse("macAddress", mac, MacAddress::tryParse, MacAddress::problem, (MacAddress m) -> macAddress(m));
            return this;
        }

        @Override
        public SriovNic build() {
            return errors.build(super::build, built -> "SriovNic");
        }
    }
}
