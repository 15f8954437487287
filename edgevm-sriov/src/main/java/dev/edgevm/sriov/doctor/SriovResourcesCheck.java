package dev.edgevm.sriov.doctor;

import dev.edgevm.kubevirt.doctor.CheckResult;
import dev.edgevm.kubevirt.doctor.DoctorCheck;
import dev.edgevm.kubevirt.doctor.DoctorContext;
import dev.edgevm.sriov.EdgeSriov;
import dev.edgevm.sriov.NodeVfs;
import dev.edgevm.sriov.VfCount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SR-IOV resources each node advertises (the runbook's {@code jq '.status.allocatable'} step;
 * those a NetworkAttachmentDefinition or the configuration names, not a GPU's):
 * how many VFs, how many free, and the nodes whose device plugin advertises VFs it does not let
 * pods use, which is what a VF not bound to vfio-pci or a device plugin not restarted looks like.
 */
public final class SriovResourcesCheck implements DoctorCheck {

    @Override
    public String id() {
        return "sriov-resources";
    }

    @Override
    public String title() {
        return "SR-IOV VFs advertised per node";
    }

    @Override
    public int order() {
        return NETWORK - 10;
    }

    @Override
    public CheckResult run(DoctorContext context) {
        List<String> available = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (NodeVfs node : EdgeSriov.of(context.edge()).inventory()) {
            for (Map.Entry<String, VfCount> r : new TreeMap<>(node.resources()).entrySet()) {
                VfCount vfs = r.getValue();
                if (vfs.allocatable() < vfs.capacity() || vfs.allocatable() == 0) {
                    missing.add(node.node() + " " + r.getKey() + ": " + vfs.capacity() + " advertised, " + vfs.allocatable() + " allocatable");
                } else {
                    available.add(node.node() + " " + r.getKey() + ": " + vfs.free() + " of " + vfs.allocatable() + " free");
                }
            }
        }
        if (available.isEmpty() && missing.isEmpty()) {
            return CheckResult.skipped(this, "no node advertises an SR-IOV device plugin resource (one a NetworkAttachmentDefinition"
                    + " or SriovConfig.resources names); VMs with SR-IOV NICs cannot be placed");
        }
        if (!missing.isEmpty()) {
            return CheckResult.warn(this, String.join("; ", missing) + (available.isEmpty() ? "" : "; " + String.join("; ", available)),
                    "on the node, bind the VF to vfio-pci (dpdk-devbind.py --bind=vfio-pci <VF PCI address>), then restart the"
                            + " SR-IOV device plugin there (EdgeSriov.restartDevicePlugin(node), or delete its pod) and check again");
        }
        return CheckResult.ok(this, String.join("; ", available));
    }
}
