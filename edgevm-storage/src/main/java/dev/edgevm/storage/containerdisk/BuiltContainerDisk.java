package dev.edgevm.storage.containerdisk;

import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.storage.image.DiskImageInfo;
import java.util.Optional;
import java.nio.file.Path;

/** A container disk that was pushed or written: its pinned reference, ready for a {@code VmSpec}. */
public final class BuiltContainerDisk {

    private final String repository;
    private final String tag;
    private final String digest;
    private final DiskImageInfo image;
    private final Path tarball;

    public BuiltContainerDisk(String repository, String tag, String digest, DiskImageInfo image, Path tarball) {
        this.repository = repository;
        this.tag = tag;
        this.digest = digest;
        this.image = image;
        this.tarball = tarball;
    }

    /** The image reference pinned by digest, e.g. {@code registry:5000/centos@sha256:...}. */
    public String reference() {
        return repository + "@" + digest;
    }

    /** The reference as tagged, e.g. {@code registry:5000/centos:7}. */
    public String taggedReference() {
        return repository + ":" + tag;
    }

    /** The manifest digest, {@code sha256:...}. */
    public String digest() {
        return digest;
    }

    /** The probed disk image inside. */
    public DiskImageInfo image() {
        return image;
    }

    /** Where the image was written, when written as a tarball rather than pushed. */
    public Optional<Path> tarball() {
        return Optional.ofNullable(tarball);
    }

    /** A root disk for a {@code VmSpec}, pinned by digest so every node runs the same bytes. */
    public ContainerDisk disk() {
        return ContainerDisk.of(reference());
    }

    @Override
    public String toString() {
        return reference() + (tarball == null ? "" : " (written to " + tarball + ")");
    }
}
