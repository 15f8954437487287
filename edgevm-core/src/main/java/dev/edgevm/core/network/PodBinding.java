package dev.edgevm.core.network;

/** How the pod network reaches the guest. */
public enum PodBinding {
    /** NAT behind the launcher pod's address; KubeVirt's default and the only binding that live-migrates. */
    MASQUERADE("masquerade"),
    /** The guest gets the pod's address on a bridge, as in the runbook's examples. */
    BRIDGE("bridge");

    private final String wireName;

    PodBinding(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
