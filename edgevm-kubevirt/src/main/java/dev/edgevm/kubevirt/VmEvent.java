package dev.edgevm.kubevirt;

import java.time.Instant;

/**
 * A Kubernetes event about a VM, its instance or its launcher pod.
 *
 * @param time when it last happened
 * @param type {@code Normal} or {@code Warning}
 * @param object the object it is about, e.g. {@code Pod virt-launcher-centos-vm-x7k2p}
 * @param count how many times it happened
 */
public record VmEvent(Instant time, String type, String reason, String message, String object, int count) {

    @Override
    public String toString() {
        return time + " " + type + " " + reason + " " + object + ": " + message + (count > 1 ? " (x" + count + ")" : "");
    }
}
