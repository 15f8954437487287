package dev.edgevm.samples;

import dev.edgevm.core.PageSize;
import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ClaimDisk;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.core.network.PodNetwork;
import dev.edgevm.kubevirt.VmManifests;

/**
 * The runbook's three VMs built with the SDK and rendered, without a cluster, into the objects a
 * deploy creates. Run it to see the YAML.
 */
public final class RenderRunbookVms {

    /** Stands in for the content of {@code ~/.ssh/id_ed25519.pub}. */
    static final String PUBLIC_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHPdj9vsx3dzgtqWMC/Ng3mhncsvGHJNJBeJz+OxogqY ops@controller";

    private RenderRunbookVms() {}

    public static void main(String[] args) {
        System.out.print(stateless());
        System.out.print(stateful(PUBLIC_KEY));
        System.out.print(sriov());
    }

    static String stateless() {
        // tag::render-stateless[]
        VmSpec cirros = VmSpec.builder()
                .name("cirros-stateless-vm")
                .cpuCores(2).memory("2056M")
                .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo"))
                .network(PodNetwork.bridge())
                .runStrategy(RunStrategy.ALWAYS)
                .build();
        String yaml = VmManifests.of(cirros).toYaml(); // the VirtualMachine, ready for kubectl apply
        // end::render-stateless[]
        return yaml;
    }

    static String stateful(String publicKey) {
        // tag::render-stateful[]
        VmSpec centos = VmSpec.builder()
                .name("centos-vm")
                .cpuCores(2).memory("2056M")
                .rootDisk(ClaimDisk.of("centos-dv"))
                .cloudInit(c -> c
                        .user(u -> u.name("root").sudo("ALL=(ALL) NOPASSWD:ALL").sshAuthorizedKey(publicKey))
                        .packages("git", "net-tools", "tcpdump", "vim"))
                .build();
        VmManifests manifests = VmManifests.of(centos); // the SSH key goes into a Secret, not into the VM
        String yaml = manifests.toYaml();
        // end::render-stateful[]
        return yaml;
    }

    static String sriov() {
        // tag::render-sriov[]
        VmSpec debian = VmSpec.builder()
                .name("debian-sriov-vm")
                .cpuCores(2).memory("4096Mi").hugepages(PageSize.MI_2)
                .rootDisk(ContainerDisk.of("registry.local:5000/debian-sriov:10"))
                .network(PodNetwork.bridge())
                .sriovNic(nic -> nic.network("sriov-openness-vm").resource("intel.com/intel_sriov_vm")
                        .address("192.168.100.2/24").gateway("192.168.100.1"))
                .build();
        String yaml = VmManifests.of(debian).toYaml(); // eth1 comes up with 192.168.100.2, matched by MAC
        // end::render-sriov[]
        return yaml;
    }
}
