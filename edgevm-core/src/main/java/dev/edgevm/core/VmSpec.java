package dev.edgevm.core;

import dev.edgevm.core.cloudinit.CloudInit;
import dev.edgevm.core.disk.BlankDisk;
import dev.edgevm.core.disk.Disk;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.core.network.MacAddress;
import dev.edgevm.core.network.Network;
import dev.edgevm.core.network.PodNetwork;
import dev.edgevm.core.network.SriovNic;
import dev.edgevm.core.internal.BuilderErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.immutables.value.Value;

/**
 * Everything needed to run one VM: identity, CPU and memory, placement, disks, NICs and cloud-init.
 * {@link Builder#build()} validates the whole spec and throws one {@link InvalidSpecException}
 * naming every bad field, so no invalid spec ever reaches a cluster.
 *
 * <pre>{@code
 * VmSpec spec = VmSpec.builder()
 *         .name("cirros-stateless-vm").cpuCores(2).memory("2056M")
 *         .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo"))
 *         .runStrategy(RunStrategy.ALWAYS)
 *         .build();
 * }</pre>
 */
@Value.Immutable
@EdgeVmStyle
public abstract class VmSpec {

    /**
     * The name of the disk (and volume) that carries cloud-init to the guest, as KubeVirt's own
     * examples name it; no disk of a spec may take it.
     */
    public static final String CLOUD_INIT_DISK = "cloudinitdisk";

    private static final Quantity MIN_MEMORY = Quantity.parse("1Mi");

    /** The VM's name, a DNS-1123 label of at most 63 characters. */
    public abstract String name();

    /** The namespace; when absent, the one the VM is deployed into ({@code vms().inNamespace(...)}, or the client's). */
    public abstract Optional<String> namespace();

    /** Labels of the VM and of its instance (and so of its launcher pod). */
    public abstract Map<String, String> labels();

    public abstract Map<String, String> annotations();

    @Value.Default
    public int cpuCores() {
        return 1;
    }

    public abstract OptionalInt cpuSockets();

    public abstract OptionalInt cpuThreads();

    /** Guest memory, e.g. {@code 2056M}; with hugepages, a multiple of the page size. */
    public abstract Quantity memory();

    /** Back the guest memory with hugepages of this size (the node must offer them). */
    public abstract Optional<PageSize> hugepages();

    @Value.Default
    public RunStrategy runStrategy() {
        return RunStrategy.HALTED;
    }

    /** Pin the VM to this node. */
    public abstract Optional<String> node();

    public abstract Map<String, String> nodeSelector();

    public abstract List<Toleration> tolerations();

    /** The disk the VM boots from; named {@code rootdisk} unless it has a name. */
    public abstract Disk rootDisk();

    /** Further disks, named {@code disk1}, {@code disk2}, ... unless they have names. */
    public abstract List<Disk> disks();

    /** The NICs; none given means one pod network NIC with masquerade, as KubeVirt does. */
    public abstract List<Network> networks();

    public abstract Optional<CloudInit> cloudInit();

    /** How long a graceful stop waits for the guest before it is powered off. */
    public abstract Optional<Duration> terminationGracePeriod();

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return builder().from(this);
    }

    /** Every disk under its effective name, the root disk first. */
    @Value.Lazy
    public Map<String, Disk> namedDisks() {
        Map<String, Disk> named = new LinkedHashMap<>();
        List<String> names = diskNames(rootDisk(), disks());
        named.put(names.get(0), rootDisk());
        for (int i = 0; i < disks().size(); i++) {
            named.put(names.get(i + 1), disks().get(i));
        }
        return named;
    }

    /**
     * The DataVolume a disk is created in: an uploaded disk's {@code dataVolumeName}, else
     * {@code <vm>-<disk>} for uploaded and blank disks; empty for disks that have none.
     */
    public static Optional<String> dataVolumeName(String vm, String diskName, Disk disk) {
        if (disk instanceof UploadedDisk u) {
            return Optional.of(u.dataVolumeName().orElse(vm + "-" + diskName));
        }
        return disk instanceof BlankDisk ? Optional.of(vm + "-" + diskName) : Optional.empty();
    }

    /** The NICs the VM gets: {@link #networks()}, or the pod network with masquerade when none is given. */
    public List<Network> nics() {
        return networks().isEmpty() ? List.of(PodNetwork.masquerade()) : networks();
    }

    /**
     * The NIC's MAC when the VM runs in {@code namespace}: the one given, or a stable one derived
     * from the namespace, VM and interface names. A spec without a namespace gets one where it is
     * deployed, so its generated MACs are known only then.
     */
    public MacAddress macAddressOf(Network nic, String namespace) {
        return nic.macAddress().orElseGet(() -> MacAddress.generate(namespace, name(), nic.name()));
    }

    /** The SR-IOV NICs among {@link #nics()}. */
    public List<SriovNic> sriovNics() {
        List<SriovNic> sriov = new ArrayList<>();
        for (Network n : nics()) {
            if (n instanceof SriovNic s) {
                sriov.add(s);
            }
        }
        return sriov;
    }

    @Value.Check
    final void check() {
        Violations v = Violations.collect();
        KubernetesNames.checkLabelName(v, "name", name());
        namespace().ifPresent(ns -> KubernetesNames.checkLabelName(v, "namespace", ns));
        labels().forEach((k, val) -> {
            KubernetesNames.checkQualifiedName(v, "labels[" + k + "]", k);
            KubernetesNames.checkLabelValue(v, "labels[" + k + "]", val);
        });
        annotations().forEach((k, val) -> KubernetesNames.checkQualifiedName(v, "annotations[" + k + "]", k));
        VmSpecChecks.cpu(v, cpuCores(), cpuSockets(), cpuThreads());
        VmSpecChecks.memory(v, memory(), hugepages().orElse(null), MIN_MEMORY);
        v.require(runStrategy() != null, "runStrategy", "must not be null; use Always, Halted, Manual, RerunOnFailure or Once");
        VmSpecChecks.placement(v, node().orElse(null), nodeSelector(), tolerations());
        if (rootDisk() == null) {
            v.add("rootDisk", Violations.MISSING + " (a container disk, a claim or an uploaded image)");
        } else {
            VmSpecChecks.disks(v, name(), rootDisk(), disks(), diskNames(rootDisk(), disks()), node().orElse(null));
        }
        // Generated MACs count once the namespace is known (deploy builds the spec again with it).
        VmSpecChecks.networks(v, networks(), nic -> namespace().map(ns -> macAddressOf(nic, ns)).or(nic::macAddress));
        terminationGracePeriod().ifPresent(d -> v.require(!d.isNegative(), "terminationGracePeriod", "must not be negative"));
        v.throwIfAny(subject(name()));
    }

    private static List<String> diskNames(Disk root, List<Disk> others) {
        List<String> names = new ArrayList<>();
        names.add(root.name().orElse("rootdisk"));
        for (int i = 0; i < others.size(); i++) {
            Disk d = others.get(i);
            names.add(d == null ? "disk" + (i + 1) : d.name().orElse("disk" + (i + 1)));
        }
        return names;
    }

    static String subject(String name) {
        return name == null || name.isEmpty() ? "VmSpec" : "VmSpec " + name;
    }

    public static final class Builder extends ImmutableVmSpec.Builder {
        private final BuilderErrors errors = new BuilderErrors();
        private int disksFromBuilders;
        private int networksFromBuilders;

        /** The memory as a Kubernetes quantity, e.g. {@code 2056M} or {@code 4Gi}. */
        public Builder memory(String quantity) {
            errors.parse("memory", quantity, Quantity::tryParse, Quantity::problem, (Quantity q) -> memory(q));
            return this;
        }

        /** The root disk from an unbuilt builder, e.g. {@code UploadedDisk.of(path).size("15Gi")}. */
        public Builder rootDisk(SpecBuilder<? extends Disk> disk) {
            errors.nested("rootDisk", disk::build, (Disk d) -> rootDisk(d));
            return this;
        }

        /** Adds a disk from an unbuilt builder; its problems are reported with this spec's. */
        public Builder disk(SpecBuilder<? extends Disk> disk) {
            errors.nested("disks[" + disksFromBuilders++ + "]", disk::build, (Disk d) -> disk(d));
            return this;
        }

        /** Adds a NIC from an unbuilt builder; its problems are reported with this spec's. */
        public Builder network(SpecBuilder<? extends Network> network) {
            errors.nested("networks[" + networksFromBuilders++ + "]", network::build, (Network n) -> network(n));
            return this;
        }

        /** Adds an SR-IOV NIC built in place: {@code sriovNic(n -> n.network("sriov-net").address("192.168.100.2/24"))}. */
        public Builder sriovNic(Consumer<SriovNic.Builder> nic) {
            SriovNic.Builder b = SriovNic.builder();
            nic.accept(b);
            return network(b);
        }

        /** Cloud-init built in place: {@code cloudInit(c -> c.user(u -> u.name("root")).packages("git"))}. */
        public Builder cloudInit(Consumer<CloudInit.Builder> cloudInit) {
            CloudInit.Builder b = CloudInit.builder();
            cloudInit.accept(b);
            return cloudInit(b);
        }

        /** Cloud-init from an unbuilt builder; its problems are reported with this spec's. */
        public Builder cloudInit(CloudInit.Builder cloudInit) {
            errors.nested("cloudInit", cloudInit::build, (CloudInit c) -> cloudInit(c));
            return this;
        }

        @Override
        public VmSpec build() {
            return errors.build(super::build, built -> subject(built.name()));
        }
    }
}
