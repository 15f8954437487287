package dev.edgevm.core;

import dev.edgevm.core.internal.Yaml;
import dev.edgevm.core.network.IpAddress;
import dev.edgevm.core.network.MacAddress;
import dev.edgevm.core.network.Network;
import dev.edgevm.core.network.SriovNic;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Cloud-init network configuration (version 2) that brings up every NIC of a VM as its spec says:
 * static addresses, a default route through the gateway and DNS for SR-IOV NICs, DHCP for the pod
 * network. Each NIC is matched by its MAC, so guest interface names ({@code eth1}, {@code enp2s0})
 * do not matter. This replaces editing {@code /etc/network/interfaces} in the guest.
 */
public final class GuestNetworkData {

    private GuestNetworkData() {}

    /** Whether the guest needs network data: some SR-IOV NIC has a static address or DNS servers. */
    public static boolean needed(VmSpec spec) {
        return spec.sriovNics().stream().anyMatch(n -> !n.addresses().isEmpty() || !n.dnsServers().isEmpty());
    }

    /**
     * The network data document for the VM in {@code namespace} (its NICs' MACs depend on it), or
     * empty when the guest's defaults (DHCP on the first NIC) suffice.
     */
    public static Optional<String> render(VmSpec spec, String namespace) {
        if (!needed(spec)) {
            return Optional.empty();
        }
        Map<String, Object> ethernets = new LinkedHashMap<>();
        for (Network nic : spec.nics()) {
            ethernets.put(nic.name(), ethernet(spec.macAddressOf(nic, namespace), nic));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", 2);
        doc.put("ethernets", ethernets);
        return Optional.of(Yaml.write(doc));
    }

    private static Map<String, Object> ethernet(MacAddress mac, Network nic) {
        Map<String, Object> eth = new LinkedHashMap<>();
        eth.put("match", Map.of("macaddress", mac.toString()));
        if (nic instanceof SriovNic sriov && !sriov.addresses().isEmpty()) {
            eth.put("dhcp4", false);
            eth.put("addresses", sriov.addresses().stream().map(Object::toString).collect(Collectors.toList()));
            if (!sriov.gateways().isEmpty()) {
                eth.put("routes", sriov.gateways().stream().map(GuestNetworkData::defaultRoute).collect(Collectors.toList()));
            }
        } else {
            eth.put("dhcp4", true);
            if (nic instanceof SriovNic) {
                eth.put("optional", true); // a VF without static config must not hold up boot waiting for DHCP
            }
        }
        if (nic instanceof SriovNic sriov && !sriov.dnsServers().isEmpty()) {
            eth.put("nameservers", Map.of("addresses",
                    sriov.dnsServers().stream().map(Object::toString).collect(Collectors.toList())));
        }
        return eth;
    }

    private static Map<String, Object> defaultRoute(IpAddress gateway) {
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("to", gateway.isIpv4() ? "0.0.0.0/0" : "::/0");
        route.put("via", gateway.toString());
        return route;
    }
}
