package dev.edgevm.kubevirt.doctor;

/** How a doctor check came out. */
public enum CheckStatus {
    /** Nothing to do. */
    OK,
    /** Works, but something will bite: a node without KVM, a policy blocking ingress to a VM. */
    WARN,
    /** Broken: VMs cannot run, or an operation the runbook describes will fail. */
    FAIL,
    /** The check could not look (not allowed, or nothing to look at); says why. */
    SKIPPED;

    /** Whether someone should act on it: {@link #WARN} or {@link #FAIL}. */
    public boolean isProblem() {
        return this == WARN || this == FAIL;
    }
}
