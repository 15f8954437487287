package dev.edgevm.storage.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.VirtualMachineInstance;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.stream.Collectors;

/** Asserts that a VM and its storage left nothing in the cluster. */
public final class ClusterAudit {

    private ClusterAudit() {}

    /** No VM, instance, DataVolume, claim (data or scratch), Secret, volume, Job or helper pod of the VM or its disk. */
    public static void assertNothingLeftOf(EmbeddedEdgeCluster cluster, String vm, String dataVolume) {
        assertNothingLeftOf(cluster, "default", vm, dataVolume);
    }

    /** The same, in namespace {@code ns}. */
    public static void assertNothingLeftOf(EmbeddedEdgeCluster cluster, String ns, String vm, String dataVolume) {
        KubernetesClient client = cluster.client();
        assertThat(client.resources(VirtualMachine.class).inNamespace(ns).withName(vm).get()).as("VM").isNull();
        assertThat(client.resources(VirtualMachineInstance.class).inNamespace(ns).withName(vm).get()).as("VMI").isNull();
        assertThat(client.resources(DataVolume.class).inNamespace(ns).withName(dataVolume).get()).as("DataVolume").isNull();
        assertThat(client.persistentVolumeClaims().inNamespace(ns).withName(dataVolume).get()).as("claim").isNull();
        assertThat(client.persistentVolumeClaims().inNamespace(ns).withName(dataVolume + "-scratch").get()).as("scratch claim").isNull();
        assertThat(client.secrets().inNamespace(ns).withName(vm + "-cloudinit").get()).as("cloud-init Secret").isNull();
        List<String> volumes = client.persistentVolumes().list().getItems().stream()
                .filter(pv -> ns.equals(label(pv, "edgevm.dev/vm-namespace"))
                        && (vm.equals(label(pv, "edgevm.dev/vm")) || dataVolume.equals(label(pv, "edgevm.dev/vm")))
                        || ns.equals(claimNamespace(pv)) && claimName(pv).startsWith(dataVolume))
                .map(pv -> pv.getMetadata().getName()).collect(Collectors.toList());
        assertThat(volumes).as("PersistentVolumes of " + vm).isEmpty();
        assertThat(names(client.batch().v1().jobs().inNamespace(ns).withLabel("app.kubernetes.io/managed-by", "edgevm").list().getItems()))
                .as("Jobs").isEmpty();
        assertThat(names(client.pods().inNamespace(ns).withLabel("app.kubernetes.io/managed-by", "edgevm").list().getItems()))
                .as("wipe pods").isEmpty();
        assertThat(client.pods().inNamespace(ns).withName("cdi-upload-" + dataVolume).get()).as("upload pod").isNull();
    }

    /** Nothing of edgevm's storage in the namespace: no DataVolume, claim, pool volume, Job or helper pod at all. */
    public static void assertNoStorageLeft(EmbeddedEdgeCluster cluster) {
        KubernetesClient client = cluster.client();
        assertThat(names(client.resources(DataVolume.class).inAnyNamespace().list().getItems())).as("DataVolumes").isEmpty();
        assertThat(names(client.persistentVolumeClaims().inAnyNamespace().list().getItems())).as("claims").isEmpty();
        assertThat(names(client.persistentVolumes().withLabel("app.kubernetes.io/managed-by", "edgevm").list().getItems()))
                .as("pool volumes").isEmpty();
        assertThat(names(client.batch().v1().jobs().inAnyNamespace().list().getItems())).as("Jobs").isEmpty();
        assertThat(client.pods().inAnyNamespace().list().getItems().stream()
                .filter(p -> p.getMetadata().getName().startsWith("cdi-upload-") || p.getMetadata().getName().startsWith("edgevm-wipe-"))
                .map(p -> p.getMetadata().getName()).collect(Collectors.toList())).as("upload and wipe pods").isEmpty();
    }

    private static List<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).collect(Collectors.toList());
    }

    private static String label(PersistentVolume pv, String key) {
        return pv.getMetadata().getLabels() == null ? null : pv.getMetadata().getLabels().get(key);
    }

    private static String claimNamespace(PersistentVolume pv) {
        return pv.getSpec() == null || pv.getSpec().getClaimRef() == null ? null : pv.getSpec().getClaimRef().getNamespace();
    }

    private static String claimName(PersistentVolume pv) {
        return pv.getSpec() == null || pv.getSpec().getClaimRef() == null || pv.getSpec().getClaimRef().getName() == null ? ""
                : pv.getSpec().getClaimRef().getName();
    }
}
