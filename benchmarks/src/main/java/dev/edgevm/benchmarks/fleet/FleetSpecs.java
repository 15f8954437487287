package dev.edgevm.benchmarks.fleet;

import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ContainerDisk;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fleet: stateless cirros VMs like the runbook's, each with a cloud-init Secret holding a
 * user and SSH key, started at once (run strategy Always). Two objects per VM: a Secret and a VirtualMachine.
 */
public final class FleetSpecs {

    /** A public key (public keys are no secret) in the OpenSSH format cloud-init takes. */
    static final String OPERATOR_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq0Gq0u6nRkAbsu0pHf3f0eY9rDMSRCKj1MyCO5eQzB operator@edge";

    private FleetSpecs() {}

    /** {@code count} specs named {@code <prefix>-0000}..., in namespace {@code namespace}. */
    public static List<VmSpec> of(String prefix, int count, String namespace) {
        List<VmSpec> specs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            specs.add(VmSpec.builder()
                    .name(String.format(Locale.ROOT, "%s-%04d", prefix, i))
                    .namespace(namespace)
                    .cpuCores(1)
                    .memory("128Mi")
                    .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo"))
                    .label("fleet", prefix)
                    .runStrategy(RunStrategy.ALWAYS)
                    .cloudInit(c -> c.user(u -> u.name("cirros").sshAuthorizedKey(OPERATOR_KEY)))
                    .build());
        }
        return specs;
    }
}
