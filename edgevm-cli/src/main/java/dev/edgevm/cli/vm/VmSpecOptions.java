package dev.edgevm.cli.vm;

import dev.edgevm.cli.storage.ImageFlags;
import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.PageSize;
import dev.edgevm.core.Quantity;
import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.Violation;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ClaimDisk;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.core.network.PodNetwork;
import dev.edgevm.core.network.SriovNic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * The flags that describe one VM, shared by {@code render vm} and {@code deploy}. Values are taken
 * as text and handed to the SDK's builders unbuilt, so one {@link InvalidSpecException} names every
 * bad flag at once, each under the flag that set the field ({@link SpecFlags}); problems only the
 * command line can have (two root disks, a key file that does not exist) are in the same list.
 */
public final class VmSpecOptions {

    @Option(names = "--name", paramLabel = "NAME", description = "The VM's name (required).")
    String name;

    @Option(names = "--cores", paramLabel = "N", description = "CPU cores (default: 1).")
    Integer cores;

    @Option(names = "--memory", paramLabel = "QTY", description = "Guest memory, e.g. 2056M or 4Gi (required).")
    String memory;

    @Option(names = "--container-disk", paramLabel = "IMAGE", description = "Root disk: a container disk image (stateless).")
    String containerDisk;

    @Option(names = "--claim", paramLabel = "PVC", description = "Root disk: an existing PersistentVolumeClaim.")
    String claim;

    @Option(names = "--upload-image", paramLabel = "FILE",
            description = "Root disk: a local qcow2 or raw image uploaded through CDI into a new DataVolume (needs --disk-size).")
    Path uploadImage;

    @Option(names = "--disk-size", paramLabel = "QTY", description = "Size of the uploaded disk's volume, e.g. 15Gi.")
    String diskSize;

    @Option(names = "--storage-class", paramLabel = "SC", description = "Storage class of the uploaded disk (default: local-storage).")
    String storageClass;

    @Option(names = "--node", paramLabel = "NODE", description = "Run the VM (and keep its uploaded disk) on this node.")
    String node;

    @Option(names = "--user-data-file", paramLabel = "FILE", description = "Raw cloud-init user data for the guest.")
    Path userDataFile;

    @Option(names = "--ssh-key-file", paramLabel = "FILE", description = "Public SSH key(s) for --user, e.g. ~/.ssh/id_ed25519.pub.")
    Path sshKeyFile;

    @Option(names = "--user", paramLabel = "NAME", description = "Guest user cloud-init creates, e.g. root.")
    String user;

    @Option(names = "--sudo", paramLabel = "RULE", description = "Sudoers rule for --user, e.g. 'ALL=(ALL) NOPASSWD:ALL'.")
    String sudo;

    @Option(names = "--package", paramLabel = "PKG", description = "Package cloud-init installs (repeatable).")
    List<String> packages = new ArrayList<>();

    @Option(names = "--pod-network", paramLabel = "BINDING", description = "Pod network binding: masquerade (default) or bridge.")
    String podNetwork;

    @Option(names = "--sriov", paramLabel = "NETWORK", description = "SR-IOV NIC on this NetworkAttachmentDefinition.")
    String sriov;

    @Option(names = "--sriov-resource", paramLabel = "RES", description = "Device plugin resource of the VFs, e.g. intel.com/intel_sriov_vm.")
    String sriovResource;

    @Option(names = "--sriov-address", paramLabel = "CIDR", description = "Static address of the SR-IOV NIC in the guest, e.g. 192.168.100.2/24.")
    String sriovAddress;

    @Option(names = "--sriov-gateway", paramLabel = "IP", description = "Default gateway via the SR-IOV NIC, e.g. 192.168.100.1.")
    String sriovGateway;

    @Option(names = "--sriov-mac", paramLabel = "MAC", description = "MAC of the SR-IOV NIC (default: stable, from the VM and network names).")
    String sriovMac;

    @Option(names = "--hugepages", paramLabel = "SIZE", description = "Back the guest memory with hugepages: 2Mi or 1Gi.")
    String hugepages;

    @Option(names = "--run-strategy", paramLabel = "STRATEGY", defaultValue = "Halted",
            description = "Always, Halted, Manual, RerunOnFailure or Once (default: ${DEFAULT-VALUE}).")
    String runStrategy;

    /**
     * The spec these flags describe.
     *
     * @param namespace the spec's namespace, or null to leave it to where it is deployed
     * @throws InvalidSpecException naming every bad flag
     */
    public VmSpec toSpec(String namespace) {
        List<Violation> flags = new ArrayList<>();
        VmSpec.Builder spec = VmSpec.builder();
        if (name != null) {
            spec.name(name);
        }
        if (namespace != null) {
            spec.namespace(namespace);
        }
        if (cores != null) {
            spec.cpuCores(cores);
        }
        if (memory != null) {
            spec.memory(memory);
        }
        if (node != null) {
            spec.node(node);
        }
        RunStrategy.fromWireName(runStrategy).ifPresentOrElse(spec::runStrategy, () -> flags.add(Violation.of("--run-strategy",
                "'" + runStrategy + "' is not a run strategy; use Always, Halted, Manual, RerunOnFailure or Once")));
        if (hugepages != null) {
            PageSize.fromWireName(hugepages).ifPresentOrElse(spec::hugepages,
                    () -> flags.add(Violation.of("--hugepages", "'" + hugepages + "' is not a hugepage size; use 2Mi or 1Gi")));
        }
        rootDisk(spec, flags);
        networks(spec, flags);
        CloudInitFlags.of(this).apply(spec, flags);
        VmSpec built;
        try {
            built = spec.build();
        } catch (InvalidSpecException invalid) {
            // Two root disks leave none set: the flag's own message says it better than "rootDisk is required".
            boolean rootDiskConflict = flags.stream().anyMatch(f -> f.path().startsWith("--container-disk"));
            List<Violation> all = new ArrayList<>();
            invalid.violations().stream().filter(v -> !(rootDiskConflict && v.path().equals("rootDisk"))).forEach(all::add);
            all.addAll(flags);
            throw SpecFlags.underFlags(new InvalidSpecException(invalid.subject(), all));
        }
        if (!flags.isEmpty()) {
            throw new InvalidSpecException(subject(), flags);
        }
        return built;
    }

    private void rootDisk(VmSpec.Builder spec, List<Violation> flags) {
        long given = Stream.of(containerDisk, claim, uploadImage).filter(Objects::nonNull).count();
        if (given > 1) {
            flags.add(Violation.of("--container-disk, --claim, --upload-image", "give one root disk, not " + given));
        } else if (containerDisk != null) {
            spec.rootDisk(ContainerDisk.builder().image(containerDisk));
        } else if (claim != null) {
            spec.rootDisk(ClaimDisk.builder().claimName(claim));
        } else if (uploadImage != null) {
            UploadedDisk.Builder disk = UploadedDisk.of(uploadImage);
            if (diskSize != null) {
                disk.size(diskSize);
            }
            if (storageClass != null) {
                disk.storageClass(storageClass);
            }
            spec.rootDisk(disk);
            // What the image is, and whether it fits, is known here: a bad one costs no request.
            flags.addAll(ImageFlags.check("--upload-image", uploadImage, "--disk-size", Quantity.tryParse(diskSize).orElse(null)));
        }
        if (uploadImage == null) {
            requireWith(flags, "--disk-size", diskSize, "--upload-image");
            requireWith(flags, "--storage-class", storageClass, "--upload-image");
        }
    }

    private void networks(VmSpec.Builder spec, List<Violation> flags) {
        PodNetwork pod = null;
        if (podNetwork == null || podNetwork.equalsIgnoreCase("masquerade")) {
            pod = PodNetwork.masquerade();
        } else if (podNetwork.equalsIgnoreCase("bridge")) {
            pod = PodNetwork.bridge();
        } else {
            flags.add(Violation.of("--pod-network", "'" + podNetwork + "' is not a pod network binding; use masquerade or bridge"));
        }
        if (sriov == null) {
            requireWith(flags, "--sriov-resource", sriovResource, "--sriov");
            requireWith(flags, "--sriov-address", sriovAddress, "--sriov");
            requireWith(flags, "--sriov-gateway", sriovGateway, "--sriov");
            requireWith(flags, "--sriov-mac", sriovMac, "--sriov");
        }
        // Without either flag the VM gets KubeVirt's default NIC; with any, the pod network comes first.
        if (podNetwork == null && sriov == null) {
            return;
        }
        if (pod != null) {
            spec.network(pod);
        }
        if (sriov != null) {
            SriovNic.Builder nic = SriovNic.of(sriov);
            if (sriovResource != null) {
                nic.resource(sriovResource);
            }
            if (sriovAddress != null) {
                nic.address(sriovAddress);
            }
            if (sriovGateway != null) {
                nic.gateway(sriovGateway);
            }
            if (sriovMac != null) {
                nic.macAddress(sriovMac);
            }
            spec.network(nic);
        }
    }

    static void requireWith(List<Violation> flags, String flag, Object value, String needs) {
        if (value != null) {
            flags.add(Violation.of(flag, "only applies together with " + needs));
        }
    }

    private String subject() {
        return name == null || name.isEmpty() ? "VmSpec" : "VmSpec " + name;
    }

    String name() {
        return name;
    }

    Path userDataFile() {
        return userDataFile;
    }

    Path sshKeyFile() {
        return sshKeyFile;
    }

    String user() {
        return user;
    }

    String sudo() {
        return sudo;
    }

    List<String> packages() {
        return packages;
    }
}
