package dev.edgevm.cli.demo;

import dev.edgevm.kubevirt.DeleteOptions;
import dev.edgevm.kubevirt.EdgeVmLabels;
import dev.edgevm.kubevirt.VmStatus;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.kubevirt.model.multus.NetworkAttachmentDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Troubleshooting item 3, "completely deleting a VM", for every VM the demo made: one call each,
 * which for a stateful VM also removes its DataVolume, claims, volumes and the disk file on the
 * node. Then it looks for anything left, in the cluster and on the nodes' disks.
 */
final class DeletionStep implements DemoStep {

    @Override
    public String name() {
        return "complete deletion";
    }

    @Override
    public String runbookSection() {
        return "Troubleshooting 3: completely deleting a VM";
    }

    @Override
    public String run(DemoContext context) throws IOException {
        List<VmStatus> vms = context.edge().vms().list();
        for (VmStatus vm : vms) {
            context.edge().vms().withName(vm.name()).delete(DeleteOptions.defaults().purgeStorage(true).waitUpTo(DemoContext.WAIT));
            context.say("deleted " + vm.name() + " and what was created for it");
        }
        List<String> left = leftBehind(context);
        if (!left.isEmpty()) {
            throw new IllegalStateException("left behind: " + String.join(", ", left));
        }
        context.say("left behind: no VM, Secret, DataVolume, claim or PersistentVolume; no disk.img on any node");
        List<String> networks = context.edge().kubernetesClient().resources(NetworkAttachmentDefinition.class)
                .inNamespace(context.edge().namespace()).list().getItems().stream().map(n -> n.getMetadata().getName()).toList();
        if (!networks.isEmpty()) {
            context.say("kept: NetworkAttachmentDefinition " + String.join(", ", networks) + " (a network, shared by VMs)");
        }
        return vms.size() + " VMs deleted with their storage, nothing left behind";
    }

    private static List<String> leftBehind(DemoContext context) throws IOException {
        KubernetesClient client = context.edge().kubernetesClient();
        String ns = context.edge().namespace();
        List<String> left = new ArrayList<>();
        context.edge().vms().list().forEach(vm -> left.add("VM " + vm.name()));
        client.secrets().inNamespace(ns).withLabel(EdgeVmLabels.MANAGED_BY, EdgeVmLabels.MANAGED_BY_VALUE).list().getItems()
                .forEach(s -> left.add("Secret " + s.getMetadata().getName()));
        client.resources(DataVolume.class).inNamespace(ns).list().getItems().forEach(d -> left.add("DataVolume " + d.getMetadata().getName()));
        client.persistentVolumeClaims().inNamespace(ns).list().getItems().forEach(c -> left.add("claim " + c.getMetadata().getName()));
        client.persistentVolumes().list().getItems().forEach(v -> left.add("PersistentVolume " + v.getMetadata().getName()));
        for (String node : context.cluster().nodeNames()) {
            Path root = context.cluster().nodeRoot(node);
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(f -> f.getFileName().toString().equals("disk.img"))
                            .forEach(f -> left.add(node + ":/" + root.relativize(f)));
                }
            }
        }
        return left;
    }
}
