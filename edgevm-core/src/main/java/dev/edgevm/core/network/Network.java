package dev.edgevm.core.network;

import java.util.Optional;

/**
 * A NIC of a VM and the network behind it: the {@link PodNetwork} (the cluster's overlay) or an
 * {@link SriovNic} (a VF of a physical NIC through a Multus NetworkAttachmentDefinition).
 */
public interface Network {

    /** The interface's name in the VM spec (also the KubeVirt network name). */
    String name();

    /** A fixed MAC for the NIC; when absent, a stable one is generated where the guest config needs it. */
    Optional<MacAddress> macAddress();
}
