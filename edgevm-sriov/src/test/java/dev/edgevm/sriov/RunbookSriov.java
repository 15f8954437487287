package dev.edgevm.sriov;

import dev.edgevm.core.PageSize;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.core.network.PodNetwork;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The runbook's SR-IOV setup: three edge nodes, node01 with one VF of {@code intel.com/intel_sriov_vm}
 * and 8Gi of 2Mi hugepages (room for two of the VMs, so the VF is what runs out), node03 tainted by
 * the CPU manager; the Debian VM with
 * the pod network, a VF on {@code sriov-openness-vm} configured as 192.168.100.2/24 via
 * 192.168.100.1, 4096Mi on 2Mi hugepages, and the runbook's root/toor login.
 */
final class RunbookSriov {

    static final String VF = "intel.com/intel_sriov_vm";
    static final String NETWORK = "sriov-openness-vm";
    static final String VM = "debian-sriov-vm";
    static final String NS = "default";

    private RunbookSriov() {}

    static EmbeddedEdgeCluster.Builder cluster() {
        return EmbeddedEdgeCluster.builder().nodes(3)
                .node("node01", n -> n.allocatable(VF, "1").allocatable("hugepages-2Mi", "8Gi"))
                .node("node03", n -> n.taint("cmk", null, "NoSchedule"));
    }

    static VmSpec.Builder debian(String name) {
        return VmSpec.builder()
                .name(name).cpuCores(2).memory("4096Mi").hugepages(PageSize.MI_2)
                .rootDisk(ContainerDisk.of("registry.local:5000/debian-sriov:10"))
                .network(PodNetwork.bridge())
                .sriovNic(n -> n.network(NETWORK).resource(VF).address("192.168.100.2/24").gateway("192.168.100.1"))
                .cloudInit(c -> c.chpasswd("root", "toor").expirePasswords(false));
    }

    /** The runbook's step 1 on the node: {@code dpdk-devbind.py --bind=vfio-pci <address>}. */
    static void bindToVfioPci(EmbeddedEdgeCluster cluster, String node, String pciAddress) {
        Path drivers = cluster.nodeRoot(node).resolve("sys/bus/pci/drivers");
        try {
            Files.move(drivers.resolve("iavf").resolve(pciAddress), drivers.resolve("vfio-pci").resolve(pciAddress));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
