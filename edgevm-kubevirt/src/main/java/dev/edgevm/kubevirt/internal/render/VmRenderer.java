package dev.edgevm.kubevirt.internal.render;

import dev.edgevm.core.GuestNetworkData;
import dev.edgevm.core.Toleration;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.Disk;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.core.network.Network;
import dev.edgevm.core.network.PodBinding;
import dev.edgevm.core.network.PodNetwork;
import dev.edgevm.core.network.SriovNic;
import dev.edgevm.kubevirt.EdgeVmLabels;
import dev.edgevm.kubevirt.model.Cpu;
import dev.edgevm.kubevirt.model.Devices;
import dev.edgevm.kubevirt.model.DiskTarget;
import dev.edgevm.kubevirt.model.DomainSpec;
import dev.edgevm.kubevirt.model.Empty;
import dev.edgevm.kubevirt.model.Hugepages;
import dev.edgevm.kubevirt.model.Interface;
import dev.edgevm.kubevirt.model.Memory;
import dev.edgevm.kubevirt.model.MultusNetwork;
import dev.edgevm.kubevirt.model.ResourceRequirements;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.VirtualMachineInstanceSpec;
import dev.edgevm.kubevirt.model.VirtualMachineInstanceTemplateSpec;
import dev.edgevm.kubevirt.model.VirtualMachineSpec;
import dev.edgevm.kubevirt.model.Volume;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Renders a {@link VmSpec} into every object deploy creates: cloud-init Secret, upload DataVolumes, the VirtualMachine. */
public final class VmRenderer {

    private static final String HOSTNAME_LABEL = "kubernetes.io/hostname";
    /**
     * Where a spec without a namespace is taken to go when rendered on its own: Kubernetes's default.
     * A deploy renders with the namespace it deploys into, which generated MACs depend on.
     */
    private static final String UNNAMED_NAMESPACE = "default";

    private VmRenderer() {}

    /** The name of a VM's cloud-init Secret: what deploy creates and delete removes. */
    public static String cloudInitSecretName(String vm) {
        return vm + "-cloudinit";
    }

    public static Rendered render(VmSpec spec) {
        String namespace = spec.namespace().orElse(UNNAMED_NAMESPACE);
        DiskVolumes disks = new DiskVolumes(spec);
        Optional<CloudInitVolume> cloudInit = CloudInitVolume.of(spec, namespace);
        List<dev.edgevm.kubevirt.model.Disk> devices = new ArrayList<>(disks.devices());
        List<Volume> volumes = new ArrayList<>(disks.volumes());
        cloudInit.ifPresent(c -> {
            devices.add(new dev.edgevm.kubevirt.model.Disk(CloudInitVolume.VOLUME_NAME, new DiskTarget("virtio", null), null, null));
            volumes.add(c.volume());
        });
        boolean networkData = GuestNetworkData.needed(spec);
        List<Interface> interfaces = new ArrayList<>();
        List<dev.edgevm.kubevirt.model.Network> networks = new ArrayList<>();
        for (Network nic : spec.nics()) {
            interfaces.add(iface(spec, namespace, nic, networkData));
            networks.add(network(nic));
        }
        DomainSpec domain = new DomainSpec(
                new Cpu(spec.cpuCores(), boxed(spec.cpuSockets()), boxed(spec.cpuThreads())),
                spec.hugepages().map(p -> new Memory(null, new Hugepages(p.wireName()))).orElse(null),
                new ResourceRequirements(Map.of("memory", new Quantity(spec.memory().toString())), null),
                new Devices(devices, interfaces, null));
        VirtualMachineInstanceSpec vmi = new VirtualMachineInstanceSpec(domain, networks, volumes,
                nodeSelector(spec), tolerations(spec), null,
                spec.terminationGracePeriod().map(d -> d.toSeconds()).orElse(null), null, null);

        VirtualMachine vm = new VirtualMachine();
        vm.setMetadata(new ObjectMetaBuilder().withName(spec.name()).withNamespace(spec.namespace().orElse(null))
                .withLabels(Labels.vm(spec)).withAnnotations(spec.annotations().isEmpty() ? null : new LinkedHashMap<>(spec.annotations()))
                .build());
        vm.setSpec(new VirtualMachineSpec(spec.runStrategy().wireName(), null,
                new VirtualMachineInstanceTemplateSpec(new ObjectMetaBuilder().withLabels(Labels.template(spec)).build(), vmi),
                disks.dataVolumeTemplates().isEmpty() ? null : disks.dataVolumeTemplates()));
        List<DataVolume> uploads = new ArrayList<>();
        for (Map.Entry<String, Disk> e : spec.namedDisks().entrySet()) {
            if (e.getValue() instanceof UploadedDisk u) {
                uploads.add(DataVolumes.upload(spec, e.getKey(), u));
            }
        }
        Secret secret = cloudInit.flatMap(CloudInitVolume::secret).orElse(null);
        SpecHash.annotate(vm, secret, uploads);
        return new Rendered(vm, secret, uploads);
    }

    private static Interface iface(VmSpec spec, String namespace, Network nic, boolean networkData) {
        // A MAC is fixed where the guest's network data must find the NIC, and always for SR-IOV NICs.
        String mac = nic.macAddress().isPresent() || networkData || nic instanceof SriovNic
                ? spec.macAddressOf(nic, namespace).toString() : null;
        if (nic instanceof PodNetwork pod) {
            boolean bridge = pod.binding() == PodBinding.BRIDGE;
            return new Interface(nic.name(), bridge ? null : Empty.INSTANCE, bridge ? Empty.INSTANCE : null, null, mac, null);
        }
        return new Interface(nic.name(), null, null, Empty.INSTANCE, mac, null);
    }

    private static dev.edgevm.kubevirt.model.Network network(Network nic) {
        if (nic instanceof SriovNic sriov) {
            return new dev.edgevm.kubevirt.model.Network(nic.name(), null, new MultusNetwork(sriov.network(), null));
        }
        return new dev.edgevm.kubevirt.model.Network(nic.name(), new dev.edgevm.kubevirt.model.PodNetwork(null), null);
    }

    private static Map<String, String> nodeSelector(VmSpec spec) {
        Map<String, String> selector = new LinkedHashMap<>(spec.nodeSelector());
        spec.node().ifPresent(n -> selector.put(HOSTNAME_LABEL, n));
        return selector.isEmpty() ? null : selector;
    }

    private static List<io.fabric8.kubernetes.api.model.Toleration> tolerations(VmSpec spec) {
        if (spec.tolerations().isEmpty()) {
            return null;
        }
        List<io.fabric8.kubernetes.api.model.Toleration> out = new ArrayList<>();
        for (Toleration t : spec.tolerations()) {
            out.add(new TolerationBuilder().withKey(t.key().orElse(null)).withOperator(t.operator())
                    .withValue(t.value().orElse(null)).withEffect(t.effect().orElse(null)).build());
        }
        return out;
    }

    private static Integer boxed(java.util.OptionalInt i) {
        return i.isPresent() ? i.getAsInt() : null;
    }

    /** Everything a deploy creates for one VM, in creation order. */
    public record Rendered(VirtualMachine virtualMachine, Secret cloudInitSecret, List<DataVolume> dataVolumes) {}

}
