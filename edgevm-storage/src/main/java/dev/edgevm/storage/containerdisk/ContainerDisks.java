package dev.edgevm.storage.containerdisk;

import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.Violations;
import dev.edgevm.storage.image.DiskImageInfo;
import dev.edgevm.storage.image.DiskImageRules;
import dev.edgevm.storage.image.DiskImages;
import java.nio.file.Path;
import java.util.Set;

/**
 * Container disks without a Docker daemon: what the runbook's {@code FROM scratch} /
 * {@code ADD image.qcow2 /disk/} Dockerfile and {@code docker build} make, built in-process.
 *
 * <pre>{@code
 * BuiltContainerDisk built = ContainerDisks.build(Path.of("centos.qcow2"))
 *         .pushTo("registry.example:5000/vms/centos:7", RegistryAccess.dockerConfig());
 * VmSpec.builder().rootDisk(built.disk()) ...
 * }</pre>
 */
public final class ContainerDisks {

    /** What KubeVirt serves from a container disk: a raw or qcow2 file. */
    public static final Set<String> FORMATS = Set.of("raw", "qcow2");

    private ContainerDisks() {}

    /**
     * Probes {@code image} and prepares a container disk of it.
     *
     * @throws InvalidSpecException if it is not a whole, unencrypted raw or qcow2 disk image
     */
    public static ContainerDiskBuilder build(Path image) {
        Violations v = Violations.collect();
        DiskImageInfo info;
        try {
            info = DiskImages.probe(image);
        } catch (InvalidSpecException e) {
            throw new InvalidSpecException("container disk of " + image.getFileName(), e.violations());
        }
        DiskImageRules.check(info, FORMATS, "a container disk holds raw or qcow2", v);
        v.throwIfAny("container disk of " + image.getFileName());
        return new ContainerDiskBuilder(info, ContainerImageFormat.OCI);
    }
}
