package dev.edgevm.samples.readme;

import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.sriov.EdgeSriov;

/**
 * Code of edgevm-sriov's README that is not part of the SR-IOV walkthrough, compiled so it cannot
 * go stale (ReadmeSnippetsTest compares each block with its region here).
 */
final class SriovReadme {

    private SriovReadme() {}

    static void config(EdgeVm edge) {
        // tag::sriov-config[]
        EdgeSriov.of(edge).configure(c -> c
                .devicePluginSelector("app=sriov-device-plugin")   // the SR-IOV Network Operator's DaemonSet
                .resource("intel.com/intel_sriov_vm"));            // counted before any network names it
        // end::sriov-config[]
    }
}
