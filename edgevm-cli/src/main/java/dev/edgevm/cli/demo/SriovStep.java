package dev.edgevm.cli.demo;

import dev.edgevm.core.PageSize;
import dev.edgevm.core.PreflightException;
import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.core.network.PodNetwork;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.VmInterface;
import dev.edgevm.kubevirt.VmStatus;
import dev.edgevm.sriov.EdgeSriov;

/**
 * The Debian VM with an SR-IOV NIC and hugepages: its second NIC comes up with 192.168.100.2 from
 * cloud-init network data, with no console editing; a second VM wanting the same (only) VF is
 * refused before anything is created.
 */
final class SriovStep implements DemoStep {

    static final String VM = "debian-sriov-vm";
    static final String NETWORK = "sriov-openness-vm";

    @Override
    public String name() {
        return "SR-IOV VM";
    }

    @Override
    public String runbookSection() {
        return "VM deployment with SRIOV NIC support";
    }

    @Override
    public String run(DemoContext context) {
        EdgeSriov sriov = EdgeSriov.of(context.edge());
        context.say("free VFs: " + sriov.availability(DemoCluster.SRIOV_RESOURCE));
        DeployedVm vm = context.edge().vms().deploy(spec(VM));
        VmStatus running = vm.await().running(DemoContext.WAIT).value();
        VmInterface nic = running.interfaces().stream().filter(i -> i.name().equals(NETWORK)).findFirst()
                .orElseThrow(() -> new IllegalStateException(VM + " reports no interface " + NETWORK + ": " + running.interfaces()));
        context.say(VM + " " + running.printableStatus() + " on " + running.node().orElse("?") + "; "
                + nic.interfaceName() + " (" + NETWORK + ", MAC " + nic.mac() + ") has " + nic.ipAddresses()
                + ", configured by cloud-init network data");
        try {
            context.edge().vms().deploy(spec("debian-sriov-vm-2"));
            throw new IllegalStateException("a second VM got the node's only VF");
        } catch (PreflightException refused) {
            context.say("a second SR-IOV VM is refused before anything is created: " + refused.getMessage().lines().findFirst().orElse(""));
        }
        return VM + " on " + running.node().orElse("?") + ", " + nic.interfaceName() + " " + String.join(",", nic.ipAddresses());
    }

    private static VmSpec spec(String name) {
        return VmSpec.builder()
                .name(name).cpuCores(2).memory("4096Mi").hugepages(PageSize.MI_2)
                .rootDisk(ContainerDisk.of("registry.local:5000/debian-sriov:10"))
                .network(PodNetwork.bridge())
                .sriovNic(n -> n.network(NETWORK).resource(DemoCluster.SRIOV_RESOURCE)
                        .address("192.168.100.2/24").gateway("192.168.100.1"))
                .runStrategy(RunStrategy.ALWAYS)
                .build();
    }
}
