package dev.edgevm.kubevirt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.kubevirt.VmManifests;
import dev.edgevm.kubevirt.model.VirtualMachineSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecDiffTest {

    private static VmSpec.Builder vm() {
        return VmSpec.builder().name("vm").namespace("default").memory("1Gi").rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo"));
    }

    private static VirtualMachineSpec rendered(VmSpec spec) {
        return VmManifests.of(spec).virtualMachine().getSpec();
    }

    @Test
    void aDifferenceInCloudInitData_isNamedButNotQuoted() {
        // Packages alone stay inline in the VM; even so the diff does not quote user data.
        VirtualMachineSpec cluster = rendered(vm().cloudInit(c -> c.packages("git")).build());
        VirtualMachineSpec wanted = rendered(vm().cloudInit(c -> c.packages("internal-agent-with-licence-key")).build());

        List<String> diff = SpecDiff.differences(wanted, cluster);

        assertThat(diff).containsExactly("template.spec.volumes[1].cloudInitNoCloud.userData: differs (cloud-init data is not shown)");
    }

    @Test
    void cloudInitDataInsideALargerDifference_isNotQuotedEither() {
        VirtualMachineSpec cluster = rendered(vm().build());
        VirtualMachineSpec wanted = rendered(vm().cpuCores(4).cloudInit(c -> c.packages("internal-agent-with-licence-key")).build());

        List<String> diff = SpecDiff.differences(wanted, cluster);

        assertThat(diff).anySatisfy(d -> assertThat(d).startsWith("template.spec.domain.cpu.cores: cluster has 1, spec wants 4"));
        assertThat(String.join("\n", diff)).contains("template.spec.volumes").doesNotContain("internal-agent");
    }
}
