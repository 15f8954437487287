package dev.edgevm.samples;

import dev.edgevm.core.PageSize;
import dev.edgevm.core.PreflightException;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.core.network.PodNetwork;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.DeleteOptions;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.VmInterface;
import dev.edgevm.kubevirt.VmStatus;
import dev.edgevm.sriov.EdgeSriov;
import dev.edgevm.sriov.NodeVfs;
import dev.edgevm.sriov.SriovNetwork;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The runbook's "VM deployment with SRIOV NIC support", step by step: restart the SR-IOV device
 * plugin once a VF is bound to vfio-pci and see the VF allocatable, create the network, deploy the
 * Debian VM on 2Mi hugepages whose second NIC comes up with 192.168.100.2 (cloud-init network
 * data, no console editing), see a second VM refused before anything is created, and clean up.
 *
 * <p>Runs on an embedded cluster with one VF not yet bound to vfio-pci (the sample binds it in the
 * node's directory, as {@code dpdk-devbind.py} would on the node, and restarts the device plugin
 * there), or on yours with {@code --kubeconfig FILE [--context NAME] [-n NS]}: bind the VF on the
 * node yourself, and add {@code --restart-device-plugin NODE} for the sample to restart the plugin
 * there; without it the device plugin is left as it is.
 */
public final class SriovWalkthrough {

    static final String VF = "intel.com/intel_sriov_vm";
    static final String RESTART_OPTION = "--restart-device-plugin";

    private SriovWalkthrough() {}

    public static void main(String[] args) {
        try (SampleTarget target = SampleTarget.from(args, Map.of(RESTART_OPTION, true), cluster -> cluster.nodes(2)
                .node("node01", n -> n.unboundVfs(VF, 1).allocatable("hugepages-2Mi", "8Gi")))) {
            Optional<String> restartOn = target.option(RESTART_OPTION);
            if (target.embedded().isPresent()) {
                // The simulated node with the VF, as the inventory shows it; bind its VF as the operator would.
                String node = nodeListing(EdgeSriov.of(target.edge()), VF);
                System.out.println(bindFirstVf(target.embedded().get(), node));
                restartOn = Optional.of(node);
            }
            run(target.edge(), restartOn, System.out);
        }
    }

    /** The (first) node whose device plugin lists the resource, bound VFs or not. */
    static String nodeListing(EdgeSriov sriov, String resource) {
        sriov.configure(c -> c.resource(resource)); // an SR-IOV resource before any network names it
        return sriov.inventory().stream().filter(n -> n.resource(resource).isPresent()).map(NodeVfs::node).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node lists " + resource + "; is the device plugin configured for it?"));
    }

    /**
     * @param restartOn the node to restart the SR-IOV device plugin on, after a VF was bound there;
     *     empty to leave the plugin as it is
     */
    static void run(EdgeVm edge, Optional<String> restartOn, PrintStream out) {
        EdgeSriov sriov = EdgeSriov.of(edge);

        // 1-3. With the VF bound to vfio-pci on the node, restart the device plugin there and wait
        //      until the node advertises the VF (instead of kubectl delete pod and jq, "wait a few seconds").
        if (restartOn.isPresent()) {
            String node = restartOn.get();
            // tag::sriov-device-plugin[]
            NodeVfs vfs = sriov.restartDevicePlugin(node, Duration.ofMinutes(2), Map.of(VF, 1L));   // at least the VF just bound
            out.println(node + " " + VF + ": " + vfs.resource(VF).orElseThrow());
            // end::sriov-device-plugin[]
        }

        // The Multus network the VF is attached through (deploy would also create it).
        // tag::sriov-network[]
        sriov.ensureNetwork(SriovNetwork.of("sriov-openness-vm", "intel.com/intel_sriov_vm"));
        // end::sriov-network[]

        // 4-8. Deploy and start the Debian VM: its SR-IOV NIC comes up with its address, matched by MAC.
        // tag::sriov-deploy[]
        VmSpec debian = VmSpec.builder()
                .name("debian-sriov-vm")
                .cpuCores(2).memory("4096Mi").hugepages(PageSize.MI_2)   // whole 2Mi pages: 4096Mi, not 4096M
                .rootDisk(ContainerDisk.of("registry.local:5000/debian-sriov:10"))
                .network(PodNetwork.bridge())
                .sriovNic(nic -> nic.network("sriov-openness-vm").resource("intel.com/intel_sriov_vm")
                        .address("192.168.100.2/24").gateway("192.168.100.1"))
                .cloudInit(c -> c.chpasswd("root", "toor").expirePasswords(false))
                .build();
        DeployedVm vm = edge.vms().deploy(debian);   // checks first that some node has a free VF and the hugepages
        vm.start();
        VmStatus running = vm.await().running(Duration.ofMinutes(5)).value();
        VmInterface sriovNic = running.interfaces().stream()
                .filter(nic -> nic.name().equals("sriov-openness-vm")).findFirst().orElseThrow();
        // end::sriov-deploy[]
        out.println(running.name() + " " + running.printableStatus() + " on " + running.node().orElse("?")
                + "; sriov-openness-vm (MAC " + sriovNic.mac() + ") has " + sriovNic.ipAddresses());

        // A second VM wanting the node's only VF is refused before anything is created.
        // tag::sriov-preflight[]
        try {
            edge.vms().deploy(debian.toBuilder().name("debian-sriov-vm-2").build());
        } catch (PreflightException noFreeVf) {
            noFreeVf.findings().forEach(finding -> out.println("refused: " + finding));
        }
        // end::sriov-preflight[]

        // Stop and delete the VM (if this run created it): its VF is free again.
        if (SampleRun.createdHere(vm, out)) {
            // tag::sriov-cleanup[]
            vm.stop();
            vm.await().stopped(Duration.ofMinutes(5));
            vm.delete(DeleteOptions.defaults().waitUpTo(Duration.ofMinutes(5)));
            out.println("deleted; free: " + sriov.availability("intel.com/intel_sriov_vm"));
            // end::sriov-cleanup[]
        }
    }

    /**
     * The runbook's step 1, done on the node ({@code dpdk-devbind.py --bind=vfio-pci <VF>}): on the
     * embedded cluster, the node's VFs are entries of its simulated sysfs; binding one moves it
     * from the {@code iavf} driver to {@code vfio-pci}.
     */
    static String bindFirstVf(EmbeddedEdgeCluster cluster, String node) {
        Path drivers = cluster.nodeRoot(node).resolve("sys/bus/pci/drivers");
        try (Stream<Path> unbound = Files.list(drivers.resolve("iavf"))) {
            Path vf = unbound.sorted().findFirst().orElseThrow(() -> new IllegalStateException("no VF of " + node + " is left on iavf"));
            Files.move(vf, drivers.resolve("vfio-pci").resolve(vf.getFileName()));
            return "bound " + vf.getFileName() + " to vfio-pci on " + node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
