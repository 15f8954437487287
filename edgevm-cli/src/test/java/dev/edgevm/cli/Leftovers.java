package dev.edgevm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.VirtualMachineInstance;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.stream.Collectors;

/** What a stateful VM or upload leaves in the cluster: nothing, once it is deleted or has failed. */
final class Leftovers {

    private Leftovers() {}

    /**
     * Asserts that no VM, instance, Secret, DataVolume, claim (scratch included), upload pod or
     * node-local volume is left of {@code vm} and its DataVolume {@code dataVolume}.
     */
    static void assertNoneOf(EmbeddedEdgeCluster cluster, String namespace, String vm, String dataVolume) {
        KubernetesClient client = cluster.client();
        assertThat(client.resources(VirtualMachine.class).inNamespace(namespace).withName(vm).get()).as("VM " + vm).isNull();
        assertThat(client.resources(VirtualMachineInstance.class).inNamespace(namespace).withName(vm).get()).as("VMI " + vm).isNull();
        assertThat(client.secrets().inNamespace(namespace).withName(vm + "-cloudinit").get()).as("cloud-init Secret of " + vm).isNull();
        assertThat(client.resources(DataVolume.class).inNamespace(namespace).withName(dataVolume).get()).as("DataVolume " + dataVolume).isNull();
        assertThat(client.persistentVolumeClaims().inNamespace(namespace).list().getItems())
                .as("claims").noneMatch(c -> c.getMetadata().getName().startsWith(dataVolume));
        assertThat(client.pods().inNamespace(namespace).list().getItems())
                .as("upload pods").noneMatch(p -> p.getMetadata().getName().equals("cdi-upload-" + dataVolume));
        List<String> volumes = client.persistentVolumes().list().getItems().stream()
                .filter(pv -> pv.getSpec().getClaimRef() != null && pv.getSpec().getClaimRef().getName().startsWith(dataVolume)
                        || vm.equals(label(pv, "edgevm.dev/vm")) || dataVolume.equals(label(pv, "edgevm.dev/vm")))
                .map(pv -> pv.getMetadata().getName()).collect(Collectors.toList());
        assertThat(volumes).as("PersistentVolumes of " + vm + " and " + dataVolume).isEmpty();
    }

    private static String label(PersistentVolume pv, String key) {
        return pv.getMetadata().getLabels() == null ? null : pv.getMetadata().getLabels().get(key);
    }
}
