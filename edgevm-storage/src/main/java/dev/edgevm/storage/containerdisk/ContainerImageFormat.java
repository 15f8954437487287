package dev.edgevm.storage.containerdisk;

/** The manifest format of a built container disk. Every current runtime reads both. */
public enum ContainerImageFormat {
    /** OCI image manifest; a tarball is an OCI image layout. */
    OCI,
    /** Docker image manifest v2 schema 2; a tarball loads with {@code docker load}. */
    DOCKER
}
