package dev.edgevm.kubevirt;

/**
 * A NetworkPolicy that selects a VM's launcher pod for ingress, and so limits who can reach the VM
 * (the runbook's {@code block-all-ingress} note).
 *
 * @param blocksAll true when the policy allows no ingress at all; false when it allows only what its rules list
 * @param detail what the policy allows, in words
 */
public record IngressPolicyFinding(String namespace, String policy, boolean blocksAll, String detail) {

    @Override
    public String toString() {
        return "NetworkPolicy " + namespace + "/" + policy + (blocksAll ? " blocks all ingress" : " restricts ingress: " + detail);
    }
}
