package dev.edgevm.kubevirt.render;

import dev.edgevm.core.PageSize;
import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.cloudinit.CloudInit;
import dev.edgevm.core.disk.ClaimDisk;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.core.network.PodNetwork;

/** The three VMs of the runbook, built with the SDK's builders. */
public final class RunbookVms {

    /** A public key in the runbook's format (ssh-rsa, a key blob, user@host). */
    public static final String CONTROLLER_KEY = "ssh-rsa "
            + "AAAAB3NzaC1yc2EAAAADAQABAAABAQBS8iZlpgwS0okYXZUO6IE2CRZvaxE9F41sD9OQH/I5oaCV8g+TlWUM+TgLjtsiSmskih6S"
            + "To/Qri4alJKjMF8YjLYQkA+eNH+uiG3GUHeV7HRcTD/LLrLHPhSTTIZ+4Fe6ckmb+hIeg2sqwVcm7n1rCvarE8OOksrg0VBXsVmY"
            + "f5TMdBHXF/FFebKqEA+7s0+lk/6u0nJIt2Ljq1gF8HZaK5wdfg83xEkhvT9lZOrffxQqcmaMR+Ij0W7djEe0avxbruJh9TsmFS0m"
            + "O6g7A3zUli5DSAEla4henJBR8yCw24PznqetvQ105t7H89+uzI9kZWZkGnuiZg8wEfw1cCkc root@controller";

    private RunbookVms() {}

    /** "Stateless VM deployment": cirros on a container disk, 2 cores, 2056M, bridge to the pod network. */
    public static VmSpec statelessCirros() {
        return VmSpec.builder()
                .name("cirros-stateless-vm")
                .cpuCores(2).memory("2056M")
                .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo"))
                .network(PodNetwork.bridge())
                .cloudInit(CloudInit.builder().runcmd("echo 'stateless VM up' > /tmp/edgevm").build())
                .runStrategy(RunStrategy.HALTED)
                .build();
    }

    /** "Stateful VM deployment": CentOS on the uploaded claim centos-dv, root with the controller's key. */
    public static VmSpec statefulCentos() {
        return VmSpec.builder()
                .name("centos-vm")
                .cpuCores(2).memory("2056M")
                .rootDisk(ClaimDisk.of("centos-dv"))
                .network(PodNetwork.bridge())
                .cloudInit(c -> c
                        .user(u -> u.name("root").sudo("ALL=(ALL) NOPASSWD:ALL").sshAuthorizedKey(CONTROLLER_KEY))
                        .packages("git", "net-tools", "tcpdump", "vim"))
                .build();
    }

    /** "VM deployment with SRIOV NIC support": Debian, pod network plus a VF on sriov-openness-vm, 4096M on 2Mi hugepages. */
    public static VmSpec sriovDebian() {
        return VmSpec.builder()
                .name("debian-sriov-vm")
                .cpuCores(2).memory("4096Mi").hugepages(PageSize.MI_2)
                .rootDisk(ContainerDisk.of("registry.local:5000/debian-sriov:10"))
                .network(PodNetwork.bridge())
                .sriovNic(n -> n.network("sriov-openness-vm").resource("intel.com/intel_sriov_vm")
                        .address("192.168.100.2/24").gateway("192.168.100.1"))
                .cloudInit(c -> c.chpasswd("root", "toor").expirePasswords(false))
                .build();
    }
}
