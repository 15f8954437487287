package dev.edgevm.kubevirt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.EnableEmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.model.VirtualMachine;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An update that meets a concurrent change (409) reads the object again and applies its change to what it finds. */
@EnableEmbeddedEdgeCluster
class ConflictsTest {

    EmbeddedEdgeCluster cluster;
    EdgeVm edge;

    @Test
    void aWriteBetweenReadAndUpdate_isKept_andTheChangeIsAppliedAgain() {
        edge.vms().deploy(VmSpec.builder().name("contested").memory("256Mi").runStrategy(RunStrategy.HALTED)
                .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo")).build()).await().stopped(Duration.ofMinutes(1));
        DefaultEdgeVm sdk = (DefaultEdgeVm) edge;
        AtomicInteger applied = new AtomicInteger();

        Conflicts.edit(sdk, ObjectRef.of("VirtualMachine", "default", "contested"),
                () -> sdk.client().resources(VirtualMachine.class).inNamespace("default"), current -> {
                    if (applied.incrementAndGet() == 1) {
                        labelFromAnotherClient("contested", "written-meanwhile"); // the SDK's write below now carries a stale resourceVersion
                    }
                    current.getMetadata().getLabels().put("mine", "yes");
                    return current;
                });

        assertThat(applied).as("the change was applied again after the 409").hasValueGreaterThanOrEqualTo(2);
        VirtualMachine stored = cluster.client().resources(VirtualMachine.class).inNamespace("default").withName("contested").get();
        assertThat(stored.getMetadata().getLabels()).containsEntry("written-meanwhile", "yes").containsEntry("mine", "yes");
    }

    /** A write by a second client, as an operator's kubectl would make it (again on its own 409: KubeVirt updates the VM too). */
    private void labelFromAnotherClient(String vm, String label) {
        for (int attempt = 1; ; attempt++) {
            try {
                cluster.client().resources(VirtualMachine.class).inNamespace("default").withName(vm).edit(v -> {
                    v.getMetadata().getLabels().put(label, "yes");
                    return v;
                });
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }
}
