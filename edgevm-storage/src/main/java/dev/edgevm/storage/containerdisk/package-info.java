/**
 * Container disks built without a Docker daemon:
 * {@link dev.edgevm.storage.containerdisk.ContainerDisks#build(java.nio.file.Path)} probes a qcow2
 * or raw image and wraps it in a one-layer OCI (or Docker) image under {@code /disk/}, pushed to a
 * registry ({@link dev.edgevm.storage.containerdisk.RegistryAccess}) or written as a tarball; the
 * {@link dev.edgevm.storage.containerdisk.BuiltContainerDisk} result is a digest-pinned
 * {@code ContainerDisk} for a {@code VmSpec}.
 */
package dev.edgevm.storage.containerdisk;
