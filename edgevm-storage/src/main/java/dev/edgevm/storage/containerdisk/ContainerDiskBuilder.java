package dev.edgevm.storage.containerdisk;

import dev.edgevm.storage.containerdisk.internal.JibContainerDiskWriter;
import dev.edgevm.storage.image.DiskImageInfo;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A probed image about to become a container disk: one layer holding the file under
 * {@code /disk/}, owned by uid/gid 107 (KubeVirt's qemu user) with mode 0440. Pushed to a registry
 * or written as a tarball; either way the result names the image by its digest.
 */
public final class ContainerDiskBuilder {

    /** Where KubeVirt's container-disk machinery looks for the disk file. */
    public static final String DISK_DIRECTORY = "/disk/";
    /** The owner KubeVirt expects, its qemu user and group. */
    public static final int QEMU_UID = 107;
    /** Read-only for the qemu user and group: the VM writes to an overlay, never to this file. */
    public static final int MODE = 0440;

    private final DiskImageInfo image;
    private final ContainerImageFormat format;

    ContainerDiskBuilder(DiskImageInfo image, ContainerImageFormat format) {
        this.image = image;
        this.format = format;
    }

    /** The same disk in another manifest format (OCI by default). */
    public ContainerDiskBuilder format(ContainerImageFormat format) {
        return new ContainerDiskBuilder(image, Objects.requireNonNull(format, "format"));
    }

    /** What the probe found in the image file. */
    public DiskImageInfo image() {
        return image;
    }

    /** The path of the disk inside the container image, e.g. {@code /disk/centos.qcow2}. */
    public String pathInImage() {
        return DISK_DIRECTORY + JibContainerDiskWriter.fileNameInImage(image);
    }

    /**
     * Pushes the image to {@code reference} ({@code registry[:port]/repository[:tag]}).
     *
     * @throws dev.edgevm.core.InvalidSpecException if the reference is not valid
     * @throws ContainerDiskException if the registry refuses, cannot be trusted, or cannot be reached
     */
    public BuiltContainerDisk pushTo(String reference, RegistryAccess access) {
        return JibContainerDiskWriter.push(image, format, reference, Objects.requireNonNull(access, "access"));
    }

    /**
     * Writes the image as a tarball named {@code reference}: an OCI image layout for OCI, a
     * {@code docker load} archive for Docker.
     *
     * @throws ContainerDiskException if the tarball cannot be written
     */
    public BuiltContainerDisk writeTarball(Path tarball, String reference) {
        return JibContainerDiskWriter.tarball(image, format, reference, Objects.requireNonNull(tarball, "tarball"));
    }
}
