package dev.edgevm.kubevirt;

import java.util.List;
import java.util.Optional;

/**
 * A NIC of a running VM as its instance reports it.
 *
 * @param name the NIC's name in the VM spec ({@code default} for the pod network)
 * @param interfaceName the name inside the guest, when the guest agent reports it
 */
public record VmInterface(String name, String mac, List<String> ipAddresses, String interfaceName) {

    public VmInterface {
        ipAddresses = ipAddresses == null ? List.of() : List.copyOf(ipAddresses);
    }

    /** The first address, if the NIC has one. */
    public Optional<String> ipAddress() {
        return ipAddresses.stream().findFirst();
    }
}
