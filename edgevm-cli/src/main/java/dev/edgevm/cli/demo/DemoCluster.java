package dev.edgevm.cli.demo;

import dev.edgevm.embedded.EmbeddedEdgeCluster;

/**
 * The edge cluster the runbook describes, simulated: three nodes with KubeVirt; node01 has one
 * SR-IOV VF bound for VMs and 2Mi hugepages (the runbook's {@code jq '.status.allocatable'} output),
 * node03 carries the taint of Intel's CPU manager that CDI's upload pods do not tolerate.
 */
final class DemoCluster {

    static final String SRIOV_NODE = "node01";
    static final String SRIOV_RESOURCE = "intel.com/intel_sriov_vm";
    static final String CPU_MANAGER_NODE = "node03";
    static final String CPU_MANAGER_TAINT = "cmk";

    private DemoCluster() {}

    static EmbeddedEdgeCluster start() {
        return EmbeddedEdgeCluster.builder()
                .nodes(3)
                .node(SRIOV_NODE, n -> n
                        .label("feature.node.kubernetes.io/network-sriov.capable", "true")
                        .allocatable(SRIOV_RESOURCE, "1")
                        .allocatable("hugepages-2Mi", "8Gi"))
                .node(CPU_MANAGER_NODE, n -> n.taint(CPU_MANAGER_TAINT, null, "NoSchedule"))
                .seed(42)
                .start();
    }
}
